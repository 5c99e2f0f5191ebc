// Invoice repository on Prisma, with a few hand-written reports.
import { Prisma, PrismaClient } from "@prisma/client";
import knexFactory from "knex";
import { Sequelize, QueryTypes } from "sequelize";

const prisma = new PrismaClient();
const knex = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });
const sequelize = new Sequelize(process.env.DATABASE_URL as string);

export async function invoicesFor(customer: string): Promise<unknown[]> {
  // techlead-expect: typescript-sql-string-concat
  return prisma.$queryRawUnsafe(`SELECT * FROM "Invoice" WHERE customer = '${customer}'`);
}

export async function invoicesForSafe(customer: string): Promise<unknown[]> {
  // techlead-safe
  return prisma.$queryRaw`SELECT * FROM "Invoice" WHERE customer = ${customer}`;
}

export async function invoicesForSafe2(customer: string): Promise<unknown[]> {
  // techlead-safe
  return prisma.$queryRawUnsafe('SELECT * FROM "Invoice" WHERE customer = $1', customer);
}

export async function markPaid(ids: string[]): Promise<number> {
  // techlead-expect: typescript-sql-string-concat
  return prisma.$executeRawUnsafe("UPDATE \"Invoice\" SET paid = true WHERE id IN (" + ids.join(",") + ")");
}

export async function markPaidSafe(ids: string[]): Promise<number> {
  // techlead-safe
  return prisma.$executeRaw`UPDATE "Invoice" SET paid = true WHERE id IN (${Prisma.join(ids)})`;
}

export async function overdue(days: number, currency: string): Promise<unknown[]> {
  return knex("invoices")
    .where("due_at", "<", knex.raw("now() - ?::interval", [`${days} days`]))
    // techlead-expect: typescript-sql-string-concat
    .havingRaw(`sum(amount) > 0 AND currency = '${currency}'`)
    .groupBy("customer");
}

export async function overdueSafe(days: number, currency: string): Promise<unknown[]> {
  // techlead-safe
  return knex("invoices").whereRaw("currency = ? AND due_at < now() - ?::interval", [currency, `${days} days`]);
}

export async function totals(year: number): Promise<unknown[]> {
  // techlead-expect: typescript-sql-string-concat
  return sequelize.query(`SELECT customer, sum(amount) FROM invoices WHERE extract(year from issued_at) = ${year} GROUP BY customer`, {
    type: QueryTypes.SELECT,
  });
}

export async function totalsSafe(year: number): Promise<unknown[]> {
  // techlead-safe
  return sequelize.query("SELECT customer, sum(amount) FROM invoices WHERE extract(year from issued_at) = :year GROUP BY customer", {
    replacements: { year },
    type: QueryTypes.SELECT,
  });
}

export async function purge(table: string): Promise<void> {
  const statement = `TRUNCATE ${table}`;
  // techlead-known-miss: typescript-sql-string-concat statement built into a variable before the call; needs taint
  await prisma.$executeRawUnsafe(statement);
}

export function describe(invoice: { id: string; amount: number }): string {
  // techlead-safe
  return `Invoice ${invoice.id} for ${invoice.amount.toFixed(2)} where due`;
}
