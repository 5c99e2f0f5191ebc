const express = require("express");
const mysql = require("mysql");

const app = express();
const db = mysql.createConnection({ host: "localhost" });

function whereName(name) {
  return "WHERE name = '" + name + "'";
}

function runSql(text) {
  db.query("SELECT * FROM users " + text);
}

app.get("/users", async (req, res) => {
  const name = req.query.name;
  let sql = "SELECT * FROM users WHERE name = '" + name + "'";
  // expect: through a let and concatenation
  db.query(sql, (err, rows) => res.json(rows));
  // safe: placeholders
  db.query("SELECT * FROM users WHERE name = ?", [name]);
  const page = parseInt(req.query.page, 10);
  // safe: parseInt sanitizes
  db.query("SELECT * FROM users LIMIT 10 OFFSET " + page);
  let sort = req.query.sort;
  sort = "created_at";
  // safe: overwritten with a constant
  db.query("SELECT * FROM users ORDER BY " + sort);
});

app.post("/search", (req, res) => {
  const { term, limit } = req.body;
  const clauses = [];
  for (const word of term.split(" ")) {
    clauses.push(`title LIKE '%${word}%'`);
  }
  // expect: destructuring, a loop and an array
  db.query("SELECT * FROM items WHERE " + clauses.join(" OR "));
  let order = "id";
  if (req.body.desc) {
    order = req.body.order;
  }
  // expect: tainted on one branch
  db.query(`SELECT * FROM items ORDER BY ${order}`);
  // expect: helper returns its parameter
  db.query("SELECT * FROM users " + whereName(req.params.name));
  // expect: helper passes its parameter to a sink
  runSql(req.query.filter);
  // safe: helper called with a constant
  runSql("WHERE id = 1");
  const n = Number(limit);
  // safe: Number() sanitizes
  db.query("SELECT * FROM items LIMIT " + n);
  const quoted = (value) => "'" + value + "'";
  const page = (value) => parseInt(value, 10);
  const run = (sql) => db.query(sql);
  // expect: an arrow function assigned to a constant returns its parameter
  db.query("SELECT * FROM items WHERE title = " + quoted(term));
  // safe: an arrow function that parses a number
  db.query("SELECT * FROM items OFFSET " + page(req.query.page));
  // expect: an arrow function whose parameter reaches a sink
  run("SELECT * FROM items WHERE title = '" + term + "'");
});
