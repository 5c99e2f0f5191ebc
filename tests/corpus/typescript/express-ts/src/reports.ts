// Reporting endpoints of the notes service: SQL assembled before it runs.
import { Router, Request, Response } from "express";
import { Pool } from "pg";

export const reportsRouter = Router();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

function ownerClause(owner: string): string {
  return `owner = '${owner}'`;
}

reportsRouter.get("/by-owner", async (req: Request, res: Response) => {
  const sql = "SELECT count(*) FROM notes WHERE " + ownerClause(String(req.query.owner));
  // techlead-expect: typescript-sql-injection-taint
  const { rows } = await pool.query(sql);
  res.json(rows[0]);
});

reportsRouter.post("/tagged", async (req: Request, res: Response) => {
  const tag: string = req.body.tag;
  let sql = `SELECT id, title FROM notes WHERE '${tag}' = ANY(tags)`;
  sql += " ORDER BY updated_at DESC";
  // techlead-expect: typescript-sql-injection-taint
  const { rows } = await pool.query(sql);
  res.json(rows);
});

reportsRouter.get("/recent", async (req: Request, res: Response) => {
  const days = Number(req.query.days ?? 7);
  const sql = `SELECT id FROM notes WHERE updated_at > now() - interval '${days} days'`;
  // techlead-safe
  const { rows } = await pool.query(sql);
  res.json(rows);
});
