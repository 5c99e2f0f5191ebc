// People portal: LDAP sign-in, org chart (XML) queries, ranked listings and admin actions.
import express, { NextFunction, Request, Response } from "express";
import { Client, SearchResult } from "ldapts";
import * as xpath from "xpath";
import { DOMParser } from "@xmldom/xmldom";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { literal, Op } from "sequelize";
import { Sequelize } from "sequelize-typescript";
import Handlebars from "handlebars";
import { Person } from "./models/person";

export const directory = express.Router();

const BASE_DN = "ou=staff,dc=corp,dc=example";
const ldap = new Client({ url: process.env.LDAP_URL ?? "ldaps://ldap.corp.example" });
const orgChart: Document = new DOMParser().parseFromString(readFileSync(join(__dirname, "org.xml"), "utf8"), "text/xml");

// techlead-expect: typescript-template-autoescape-disabled
const badgeTemplate = Handlebars.compile(readFileSync(join(__dirname, "badge.hbs"), "utf8"), { noEscape: true });
// techlead-safe
const cardTemplate = Handlebars.compile(readFileSync(join(__dirname, "card.hbs"), "utf8"), { strict: true });

type AdminAction = (uid: string) => Promise<unknown>;

const adminActions: Record<string, AdminAction> = {
  lock: (uid) => Person.update({ locked: true }, { where: { uid } }),
  unlock: (uid) => Person.update({ locked: false }, { where: { uid } }),
};

function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

directory.post("/login", async (req: Request, res: Response) => {
  const username = String(req.body.username ?? "");
  // techlead-expect: typescript-ldap-injection
  const filter = `(&(objectClass=inetOrgPerson)(uid=${username}))`;
  const result: SearchResult = await ldap.search(BASE_DN, { scope: "sub", filter });
  res.status(result.searchEntries.length === 1 ? 204 : 401).end();
});

directory.get("/people", async (req: Request, res: Response) => {
  // techlead-safe
  const filter = `(&(objectClass=inetOrgPerson)(cn=*${escapeFilterValue(String(req.query.q ?? ""))}*))`;
  const { searchEntries } = await ldap.search(BASE_DN, { scope: "sub", filter, sizeLimit: 50 });
  res.json(searchEntries);
});

directory.get("/teams/:team", (req: Request<{ team: string }>, res: Response) => {
  // techlead-expect: typescript-xpath-injection
  const members = xpath.select("//team[@name='" + req.params.team + "']/member/@uid", orgChart) as Attr[];
  res.json(members.map((m) => m.value));
});

directory.get("/teams", (_req: Request, res: Response) => {
  // techlead-safe
  const teams = xpath.select("//team/@name", orgChart) as Attr[];
  res.json(teams.map((t) => t.value));
});

directory.get("/ranked", async (req: Request, res: Response) => {
  const people = await Person.findAll({
    where: { active: true },
    // techlead-expect: typescript-sequelize-literal-injection
    order: [Sequelize.literal(`${req.query.sort as string} DESC`)],
  });
  res.json(people);
});

directory.get("/recent", async (_req: Request, res: Response) => {
  const people = await Person.findAll({
    // techlead-safe
    where: { [Op.and]: [literal("last_login > NOW() - INTERVAL '30 days'")] },
  });
  res.json(people);
});

directory.get("/card/:uid", async (req: Request, res: Response) => {
  const person = await Person.findOne({ where: { uid: req.params.uid } });
  if (!person) return res.sendStatus(404);
  res.type("html").send(cardTemplate(person.toJSON()) + badgeTemplate(person.toJSON()));
});

directory.get("/settings", (req: Request, res: Response) => {
  // techlead-expect: typescript-render-request-locals
  res.render("settings", { ...req.query, user: req.user });
});

directory.get("/settings/:tab", (req: Request, res: Response) => {
  // techlead-safe
  res.render("settings", { tab: ["profile", "security"].includes(req.params.tab) ? req.params.tab : "profile", user: req.user });
});

directory.post("/admin/:action", async (req: Request, res: Response) => {
  // techlead-expect: typescript-unsafe-dynamic-method-call
  await adminActions[req.params.action](String(req.body.uid));
  res.sendStatus(204);
});

directory.post("/admin/v2/:action", async (req: Request, res: Response) => {
  const action: AdminAction | undefined = Object.hasOwn(adminActions, req.params.action) ? adminActions[req.params.action] : undefined;
  if (!action) return res.sendStatus(404);
  // techlead-safe
  await action(String(req.body.uid));
  res.sendStatus(204);
});

directory.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
  console.error(err);
  if (req.get("X-Support-Session")) {
    // techlead-expect: typescript-error-stack-in-response
    res.status(500).json({ error: "internal error", trace: (err as Error).stack });
    return;
  }
  // techlead-safe
  res.status(500).json({ error: "internal error", trace: process.env.NODE_ENV === "development" ? (err as Error).stack : undefined });
});
