"use strict";
// Staff directory: LDAP sign-in, XML org-chart lookups, profile pages and an RPC endpoint.
const express = require("express");
const ldap = require("ldapjs");
const xpath = require("xpath");
const { DOMParser } = require("@xmldom/xmldom");
const fs = require("fs");
const path = require("path");
const { Sequelize, literal } = require("sequelize");
const nunjucks = require("nunjucks");

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(express.json());

const BASE_DN = "ou=people,dc=corp,dc=example";
const client = ldap.createClient({ url: process.env.LDAP_URL });
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const orgChart = new DOMParser().parseFromString(fs.readFileSync(path.join(__dirname, "org.xml"), "utf8"), "text/xml");

// techlead-expect: javascript-template-autoescape-disabled
nunjucks.configure(path.join(__dirname, "mail"), { autoescape: false });
// techlead-safe
const pages = nunjucks.configure(path.join(__dirname, "views"), { autoescape: true, express: app });

function escapeFilterValue(value) {
  return String(value).replace(/[\\*()\0]/g, (c) => "\\" + c.charCodeAt(0).toString(16).padStart(2, "0"));
}

function findEntries(filter) {
  return new Promise((resolve, reject) => {
    client.search(BASE_DN, { filter, scope: "sub", attributes: ["uid", "cn", "mail"] }, (err, res) => {
      if (err) return reject(err);
      const entries = [];
      res.on("searchEntry", (entry) => entries.push(entry.pojo));
      res.on("error", reject);
      res.on("end", () => resolve(entries));
    });
  });
}

app.post("/login", async (req, res, next) => {
  try {
    // techlead-expect: javascript-ldap-injection
    const matches = await findEntries(`(&(objectClass=person)(uid=${req.body.username}))`);
    if (matches.length !== 1) return res.status(401).render("login.njk", { failed: true });
    res.redirect("/");
  } catch (err) {
    next(err);
  }
});

app.get("/people/search", async (req, res, next) => {
  try {
    // techlead-safe
    const matches = await findEntries(`(&(objectClass=person)(cn=*${escapeFilterValue(req.query.name)}*))`);
    res.json(matches);
  } catch (err) {
    next(err);
  }
});

app.get("/org/:team/members", (req, res) => {
  // techlead-expect: javascript-xpath-injection
  const members = xpath.select(`//team[@name='${req.params.team}']/member/@uid`, orgChart);
  res.json(members.map((m) => m.value));
});

app.get("/org/leads", (req, res) => {
  // techlead-safe
  const leads = xpath.select("//team/lead/@uid", orgChart);
  res.json(leads.map((m) => m.value));
});

app.get("/people/ranked", async (req, res) => {
  const people = await sequelize.models.Person.findAll({
    // techlead-expect: javascript-sequelize-literal-injection
    order: [literal(`${req.query.sort} DESC`)],
    limit: 50,
  });
  res.json(people);
});

app.get("/people/active", async (req, res) => {
  const people = await sequelize.models.Person.findAll({
    // techlead-safe
    where: literal("last_login > NOW() - INTERVAL '30 days'"),
  });
  res.json(people);
});

app.get("/profile", (req, res) => {
  // techlead-expect: javascript-render-request-locals
  res.render("profile.njk", req.query);
});

app.get("/profile/:uid", async (req, res) => {
  const [person] = await findEntries(`(uid=${escapeFilterValue(req.params.uid)})`);
  // techlead-safe
  res.render("profile.njk", { person, tab: String(req.query.tab || "overview") });
});

const adminActions = {
  lock: (uid) => sequelize.query("UPDATE people SET locked = true WHERE uid = ?", { replacements: [uid] }),
  unlock: (uid) => sequelize.query("UPDATE people SET locked = false WHERE uid = ?", { replacements: [uid] }),
};

app.post("/admin/:action", async (req, res) => {
  // techlead-expect: javascript-unsafe-dynamic-method-call
  await adminActions[req.params.action](req.body.uid);
  res.sendStatus(204);
});

app.post("/admin/v2/:action", async (req, res) => {
  const action = Object.hasOwn(adminActions, req.params.action) ? adminActions[req.params.action] : null;
  if (!action) return res.sendStatus(404);
  // techlead-safe
  await action(req.body.uid);
  res.sendStatus(204);
});

app.use((err, req, res, next) => {
  req.log?.error(err);
  if (req.path.startsWith("/debug")) {
    // techlead-expect: javascript-error-stack-in-response
    return res.status(500).type("text").send(err.stack);
  }
  // techlead-safe
  res.status(500).json({ error: "internal error", stack: process.env.NODE_ENV === "development" ? err.stack : undefined });
});

module.exports = app;
