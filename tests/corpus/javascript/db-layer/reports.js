"use strict";
// Reporting queries over Postgres through Sequelize, Knex and pg.
const { Sequelize, QueryTypes } = require("sequelize");
const knex = require("knex")({ client: "pg", connection: process.env.DATABASE_URL });
const { Pool } = require("pg");

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

async function ordersForCustomer(customerId) {
  // techlead-expect: javascript-sql-string-concat
  return sequelize.query(`SELECT * FROM orders WHERE customer_id = '${customerId}'`, { type: QueryTypes.SELECT });
}

async function ordersForCustomerSafe(customerId) {
  // techlead-safe
  return sequelize.query("SELECT * FROM orders WHERE customer_id = :id", {
    replacements: { id: customerId },
    type: QueryTypes.SELECT,
  });
}

async function revenueByRegion(region, sort) {
  const rows = await knex("orders")
    .select("region")
    .sum("total as revenue")
    // techlead-expect: javascript-sql-string-concat
    .whereRaw(`region = '${region}'`)
    .groupBy("region");
  // techlead-safe
  const safe = await knex("orders").whereRaw("region = ?", [region]).sum("total as revenue");
  return { rows, safe, sort };
}

async function searchProducts(term) {
  // techlead-expect: javascript-sql-string-concat
  const { rows } = await pool.query("SELECT id, name FROM products WHERE name LIKE '%" + term + "%'");
  return rows;
}

async function searchProductsSafe(term) {
  // techlead-safe
  const { rows } = await pool.query("SELECT id, name FROM products WHERE name LIKE $1", [`%${term}%`]);
  return rows;
}

async function deleteStale(table, days) {
  // techlead-known-miss: javascript-sql-string-concat the SQL text is built on an earlier line into a variable; needs taint tracking
  const sql = "DELETE FROM " + table + " WHERE updated_at < now() - interval '" + days + " days'";
  return pool.query(sql);
}

async function countByStatus(status) {
  // techlead-safe
  const result = await knex.raw("SELECT count(*) FROM orders WHERE status = ?", [status]);
  return result.rows[0].count;
}

async function topCustomers(limit) {
  const n = Number.parseInt(limit, 10) || 10;
  // techlead-expect: javascript-sql-string-concat
  const rows = await knex.raw(`SELECT customer_id, sum(total) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT ${n}`);
  return rows.rows;
}

async function monthly(year) {
  // techlead-safe
  return sequelize.query("SELECT date_trunc('month', created_at) m, sum(total) FROM orders WHERE extract(year from created_at) = ? GROUP BY 1", {
    replacements: [year],
    type: QueryTypes.SELECT,
  });
}

function formatRow(row) {
  // techlead-safe
  const label = "Order " + row.id + " for " + row.customer;
  return { label, total: row.total.toFixed(2) };
}

module.exports = { ordersForCustomer, ordersForCustomerSafe, revenueByRegion, searchProducts, searchProductsSafe, deleteStale, countByStatus, topCustomers, monthly, formatRow };
