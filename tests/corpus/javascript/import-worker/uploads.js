"use strict";
// Bulk import: customers upload zipped CSV bundles; partners push them through a signed webhook.
const express = require("express");
const multer = require("multer");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const https = require("https");
const tls = require("tls");
const unzipper = require("unzipper");

const router = express.Router();
const INBOX = path.resolve(process.env.IMPORT_INBOX || "/var/lib/importer/inbox");
const WEBHOOK_SECRET = process.env.PARTNER_WEBHOOK_SECRET;
const PARTNER_PIN = process.env.PARTNER_CERT_SHA256;

const looseStorage = multer.diskStorage({
  destination: (req, file, cb) => cb(null, INBOX),
  // techlead-expect: javascript-upload-original-filename
  filename: (req, file, cb) => cb(null, `${Date.now()}-${file.originalname}`),
});

const storage = multer.diskStorage({
  destination: (req, file, cb) => cb(null, INBOX),
  // techlead-safe
  filename: (req, file, cb) => cb(null, `${crypto.randomUUID()}${path.extname(file.originalname).toLowerCase()}`),
});

const legacyUpload = multer({ storage: looseStorage, limits: { fileSize: 50 * 1024 * 1024 } });
const upload = multer({ storage, limits: { fileSize: 50 * 1024 * 1024 } });

function extractBundle(zipPath, dest) {
  return new Promise((resolve, reject) => {
    fs.createReadStream(zipPath)
      .pipe(unzipper.Parse())
      .on("entry", (entry) => {
        // techlead-expect: javascript-zip-slip
        entry.pipe(fs.createWriteStream(path.join(dest, entry.path)));
      })
      .on("close", resolve)
      .on("error", reject);
  });
}

function extractBundleChecked(zipPath, dest) {
  const root = path.resolve(dest) + path.sep;
  return new Promise((resolve, reject) => {
    fs.createReadStream(zipPath)
      .pipe(unzipper.Parse())
      .on("entry", (entry) => {
        // techlead-safe
        const out = path.resolve(dest, entry.path);
        if (!out.startsWith(root) || entry.type !== "File") return entry.autodrain();
        entry.pipe(fs.createWriteStream(out));
      })
      .on("close", resolve)
      .on("error", reject);
  });
}

router.post("/bundles/legacy", legacyUpload.single("bundle"), async (req, res) => {
  await extractBundle(req.file.path, path.join(INBOX, "legacy"));
  res.sendStatus(202);
});

router.post("/bundles", upload.single("bundle"), async (req, res) => {
  await extractBundleChecked(req.file.path, path.join(INBOX, req.file.filename + ".d"));
  res.sendStatus(202);
});

router.post("/webhooks/partner", express.raw({ type: "application/json" }), (req, res) => {
  const expected = crypto.createHmac("sha256", WEBHOOK_SECRET).update(req.body).digest("hex");
  // techlead-expect: javascript-hmac-timing-unsafe-compare
  if (expected !== req.get("X-Partner-Signature")) return res.sendStatus(401);
  res.sendStatus(204);
});

router.post("/webhooks/partner-v2", express.raw({ type: "application/json" }), (req, res) => {
  const expected = crypto.createHmac("sha256", WEBHOOK_SECRET).update(req.body).digest();
  const received = Buffer.from(req.get("X-Partner-Signature") || "", "hex");
  // techlead-safe
  if (received.length !== expected.length || !crypto.timingSafeEqual(received, expected)) return res.sendStatus(401);
  res.sendStatus(204);
});

function fetchPartnerFeed(url) {
  return new Promise((resolve, reject) => {
    const agent = new https.Agent({
      // techlead-expect: javascript-tls-verification-bypass
      checkServerIdentity: () => undefined,
    });
    https.get(url, { agent }, (res) => resolve(res)).on("error", reject);
  });
}

function fetchPartnerFeedPinned(url) {
  return new Promise((resolve, reject) => {
    const agent = new https.Agent({
      // techlead-safe
      checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) || (cert.fingerprint256 === PARTNER_PIN ? undefined : new Error("certificate pin mismatch")),
    });
    https.get(url, { agent }, (res) => resolve(res)).on("error", reject);
  });
}

module.exports = { router, fetchPartnerFeed, fetchPartnerFeedPinned };
