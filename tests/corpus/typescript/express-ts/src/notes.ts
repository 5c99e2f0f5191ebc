// Notes API: MongoDB storage, search and sharing.
import { Router, Request, Response } from "express";
import { MongoClient, ObjectId } from "mongodb";
import _ from "lodash";
import escapeStringRegexp from "escape-string-regexp";
import nunjucks from "nunjucks";

export const notesRouter = Router();
const client = new MongoClient(process.env.MONGO_URL as string);
const notes = client.db("notes").collection("notes");

notesRouter.get("/", async (req: Request, res: Response) => {
  // techlead-expect: typescript-nosql-query-from-request
  const rows = await notes.find({ owner: req.query.owner }).toArray();
  // techlead-safe
  const mine = await notes.find({ owner: String(req.query.owner) }).toArray();
  res.json({ rows, mine });
});

notesRouter.get("/search", async (req: Request, res: Response) => {
  // techlead-expect: typescript-regexp-from-request
  const re = new RegExp(req.query.q as string, "i");
  // techlead-safe
  const safe = new RegExp(escapeStringRegexp(String(req.query.q)), "i");
  const rows = await notes.find({ title: safe }).toArray();
  res.json(rows.filter((n) => re.test(n.body)));
});

notesRouter.get("/long", async (req: Request, res: Response) => {
  // techlead-expect: typescript-nosql-where-injection
  const rows = await notes.find({ $where: "this.body.length > " + req.query.min }).toArray();
  res.json(rows);
});

notesRouter.patch("/:id", async (req: Request, res: Response) => {
  const note = await notes.findOne({ _id: new ObjectId(req.params.id) });
  // techlead-expect: typescript-prototype-pollution-merge
  const updated = _.merge({}, note, req.body);
  // techlead-safe
  const picked = _.merge({}, note, _.pick(req.body, ["title", "body"]));
  await notes.replaceOne({ _id: new ObjectId(req.params.id) }, picked);
  res.json(updated);
});

notesRouter.post("/:id/tags", async (req: Request, res: Response) => {
  const doc: Record<string, unknown> = {};
  // techlead-expect: typescript-prototype-pollution-merge
  _.set(doc, req.body.path, req.body.value);
  // techlead-safe
  _.set(doc, "meta.updatedBy", String(req.body.user));
  res.json(doc);
});

notesRouter.post("/render", async (req: Request, res: Response) => {
  // techlead-expect: typescript-template-injection
  const html = nunjucks.renderString(req.body.template, { notes: [] });
  // techlead-safe
  const fixed = nunjucks.render("note.njk", { body: req.body.template });
  res.type("html").send(html + fixed);
});

notesRouter.delete("/", async (req: Request, res: Response) => {
  // techlead-expect: typescript-nosql-query-from-request
  const result = await notes.deleteMany(req.body);
  res.json({ deleted: result.deletedCount });
});

notesRouter.get("/export", async (req: Request, res: Response) => {
  // techlead-expect: typescript-header-injection
  res.setHeader("Content-Disposition", req.query.disposition as string);
  // techlead-safe
  res.setHeader("Content-Type", "application/json");
  res.json(await notes.find({}).limit(100).toArray());
});

notesRouter.post("/import/:format", async (req: Request, res: Response) => {
  // techlead-expect: typescript-dynamic-require
  const importer = await import(`./importers/${req.params.format}`);
  const parsed = importer.parse(req.body.data);
  // techlead-expect: typescript-mass-assignment-request-body
  const saved = await notes.insertOne(Object.assign(parsed, req.body));
  // techlead-safe
  const copy = Object.assign({}, parsed, { importedAt: new Date() });
  res.status(201).json({ id: saved.insertedId, copy });
});
