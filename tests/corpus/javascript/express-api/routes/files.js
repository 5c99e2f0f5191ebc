"use strict";
// File downloads, thumbnails and remote imports for the document store.
const express = require("express");
const path = require("path");
const fs = require("fs");
const { exec, execFile, spawn } = require("child_process");
const axios = require("axios");
const multer = require("multer");

const router = express.Router();
const STORAGE = path.resolve(process.env.STORAGE_DIR || "/var/lib/docs");
const upload = multer({ dest: path.join(STORAGE, "incoming") });

router.get("/download", (req, res) => {
  // techlead-expect: javascript-path-traversal-request
  res.sendFile(req.query.file);
});

router.get("/download-v2", (req, res) => {
  // techlead-safe
  res.sendFile(path.basename(String(req.query.file)), { root: STORAGE });
});

router.get("/raw/:name", (req, res) => {
  // techlead-expect: javascript-path-traversal-request
  const stream = fs.createReadStream(req.params.name);
  stream.pipe(res);
});

router.get("/manifest", (req, res) => {
  // techlead-safe
  const manifest = fs.readFileSync(path.join(STORAGE, "manifest.json"), "utf8");
  res.type("json").send(manifest);
});

router.post("/thumbnail", upload.single("image"), (req, res) => {
  const src = req.file.path;
  const dst = `${src}.thumb.png`;
  // techlead-expect: javascript-child-process-exec-injection
  exec(`convert ${src} -resize 200x200 ${dst}`, (err) => {
    if (err) return res.status(500).end();
    res.sendFile(dst);
  });
});

router.post("/thumbnail-v2", upload.single("image"), (req, res) => {
  const src = req.file.path;
  // techlead-safe
  execFile("convert", [src, "-resize", "200x200", `${src}.thumb.png`], (err) => {
    res.status(err ? 500 : 204).end();
  });
});

router.post("/archive", (req, res) => {
  const name = String(req.body.name);
  // techlead-expect: javascript-child-process-shell-option
  const tar = spawn(`tar -czf /tmp/${name}.tgz ${STORAGE}`, { shell: true });
  // techlead-safe
  const tarSafe = spawn("tar", ["-czf", `/tmp/${path.basename(name)}.tgz`, STORAGE]);
  tar.on("close", () => tarSafe.on("close", () => res.status(204).end()));
});

router.get("/version", (req, res) => {
  // techlead-safe
  exec("git rev-parse HEAD", (err, stdout) => res.send(stdout.trim()));
});

router.post("/import", async (req, res) => {
  // techlead-expect: javascript-ssrf-request
  const remote = await axios.get(req.body.url, { timeout: 5000 });
  res.json({ size: remote.data.length });
});

router.post("/import-v2", async (req, res) => {
  const allowed = new Set(["https://cdn.example.com/a.json", "https://cdn.example.com/b.json"]);
  if (!allowed.has(req.body.url)) return res.status(400).end();
  // techlead-safe
  const remote = await axios.get("https://cdn.example.com/index.json", { timeout: 5000 });
  res.json(remote.data);
});

router.get("/go", (req, res) => {
  // techlead-expect: javascript-open-redirect
  res.redirect(req.query.next);
});

router.get("/go-v2", (req, res) => {
  const next = String(req.query.next || "/");
  // techlead-safe
  res.redirect(next.startsWith("/") && !next.startsWith("//") ? next : "/");
});

router.get("/export/:format", async (req, res) => {
  // techlead-expect: javascript-dynamic-require
  const exporter = require("../exporters/" + req.params.format);
  // techlead-safe
  const csv = require("../exporters/csv");
  res.send(await (exporter || csv).render());
});

router.post("/share", (req, res) => {
  const target = path.join(STORAGE, "shared");
  // techlead-expect: javascript-permissive-file-mode
  fs.mkdirSync(target, { recursive: true, mode: 0o777 });
  // techlead-safe
  fs.chmodSync(target, 0o750);
  res.status(204).end();
});

module.exports = router;
