"use strict";
// User accounts: sign-up, login, profile updates, search.
const express = require("express");
const jwt = require("jsonwebtoken");
const crypto = require("crypto");
const _ = require("lodash");
const { MongoClient, ObjectId } = require("mongodb");
const User = require("../models/user");

const router = express.Router();
const client = new MongoClient(process.env.MONGO_URL);
const db = client.db("shop");

router.post("/signup", async (req, res) => {
  // techlead-expect: javascript-mass-assignment-request-body
  const user = await User.create(req.body);
  res.status(201).json({ id: user.id });
});

router.post("/signup-v2", async (req, res) => {
  const { name, email, password } = req.body;
  // techlead-safe
  const user = await User.create({ name, email, passwordHash: await hash(password) });
  res.status(201).json({ id: user.id });
});

router.post("/login", async (req, res) => {
  // techlead-expect: javascript-nosql-query-from-request
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  if (!user) return res.status(401).end();
  // techlead-expect: javascript-jwt-hardcoded-secret
  const token = jwt.sign({ sub: user.id, role: user.role }, "orders-jwt-secret", { expiresIn: "1h" });
  res.json({ token });
});

router.post("/login-v2", async (req, res) => {
  // techlead-safe
  const user = await User.findOne({ email: String(req.body.email) });
  if (!user || !(await user.checkPassword(String(req.body.password)))) return res.status(401).end();
  // techlead-safe
  const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" });
  res.json({ token });
});

function authenticate(req, res, next) {
  const raw = (req.headers.authorization || "").replace(/^Bearer /, "");
  try {
    // techlead-expect: javascript-jwt-ignore-expiration
    req.user = jwt.verify(raw, process.env.JWT_SECRET, { algorithms: ["HS256"], ignoreExpiration: true });
    next();
  } catch (e) {
    res.status(401).end();
  }
}

router.patch("/me/settings", authenticate, async (req, res) => {
  const current = await db.collection("settings").findOne({ userId: req.user.sub });
  // techlead-expect: javascript-prototype-pollution-merge
  const merged = _.merge({}, current, req.body);
  // techlead-safe
  const safe = _.merge({}, current, _.pick(req.body, ["theme", "language"]));
  await db.collection("settings").updateOne({ userId: req.user.sub }, { $set: safe });
  res.json(merged);
});

router.put("/me", authenticate, async (req, res) => {
  const account = await User.findById(req.user.sub);
  // techlead-expect: javascript-mass-assignment-request-body
  Object.assign(account, req.body);
  await account.save();
  res.json(account);
});

router.get("/search", async (req, res) => {
  // techlead-expect: javascript-regexp-from-request
  const pattern = new RegExp(req.query.q, "i");
  // techlead-safe
  const literal = new RegExp(_.escapeRegExp(req.query.q), "i");
  const rows = await db.collection("users").find({ name: literal }).limit(20).toArray();
  res.json(rows.filter((u) => pattern.test(u.email)));
});

router.get("/by-age", async (req, res) => {
  const minAge = Number.parseInt(req.query.min, 10);
  // techlead-expect: javascript-nosql-where-injection
  const rows = await db.collection("users").find({ $where: `this.age >= ${req.query.min}` }).toArray();
  // techlead-safe
  const safeRows = await db.collection("users").find({ age: { $gte: minAge } }).toArray();
  res.json({ rows, safeRows });
});

router.get("/:id", async (req, res) => {
  // techlead-safe
  const user = await db.collection("users").findOne({ _id: new ObjectId(req.params.id) });
  res.json(user);
});

router.delete("/sessions", authenticate, async (req, res) => {
  // techlead-expect: javascript-nosql-query-from-request
  await db.collection("sessions").deleteMany(req.query);
  res.status(204).end();
});

router.post("/reset", async (req, res) => {
  // techlead-expect: javascript-insecure-random-token
  const resetToken = Math.random().toString(36).slice(2);
  // techlead-safe
  const realToken = crypto.randomBytes(32).toString("hex");
  await db.collection("resets").insertOne({ email: String(req.body.email), token: realToken, decoy: resetToken });
  res.status(202).end();
});

module.exports = router;
