"use strict";
// Reporting endpoints: SQL assembled in steps before it is run.
const express = require("express");
const { Pool } = require("pg");
const fs = require("fs");
const path = require("path");
const { exec } = require("child_process");

const router = express.Router();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

function regionFilter(region) {
  return `region = '${region}'`;
}

router.get("/by-region", async (req, res) => {
  let sql = "SELECT region, sum(total) FROM orders WHERE ";
  sql += regionFilter(req.query.region);
  sql += " GROUP BY region";
  // techlead-expect: javascript-sql-injection-taint
  const { rows } = await pool.query(sql);
  res.json(rows);
});

router.get("/by-customer", async (req, res) => {
  const { customer } = req.query;
  const sql = "SELECT * FROM orders WHERE customer = '" + customer + "'";
  // techlead-expect: javascript-sql-injection-taint
  const { rows } = await pool.query(sql);
  res.json(rows);
});

router.get("/top", async (req, res) => {
  const limit = Number.parseInt(req.query.limit, 10) || 10;
  const sql = "SELECT customer, sum(total) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT " + limit;
  // techlead-safe
  const { rows } = await pool.query(sql);
  res.json(rows);
});

router.get("/by-status", async (req, res) => {
  const sql = "SELECT * FROM orders WHERE status = $1";
  // techlead-safe
  const { rows } = await pool.query(sql, [req.query.status]);
  res.json(rows);
});

router.get("/export", (req, res) => {
  const file = "/srv/reports/" + req.query.name + ".csv";
  // techlead-expect: javascript-path-traversal-taint
  fs.readFile(file, (err, data) => res.send(err ? "missing" : data));
});

router.post("/render", (req, res) => {
  const cmd = `wkhtmltopdf ${req.body.url} /tmp/report.pdf`;
  // techlead-expect: javascript-command-injection-taint
  exec(cmd, () => res.sendFile("/tmp/report.pdf"));
});

router.get("/export-safe", (req, res) => {
  const file = "/srv/reports/" + path.basename(String(req.query.name)) + ".csv";
  // techlead-safe
  fs.readFile(file, (err, data) => res.send(err ? "missing" : data));
});

module.exports = router;
