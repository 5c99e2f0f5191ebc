"use strict";
// Crypto helpers shared by the billing and notification services.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const KEY = Buffer.from(process.env.DATA_KEY_HEX || "", "hex");

function legacyChecksum(buffer) {
  // techlead-expect: javascript-weak-hash
  return crypto.createHash("md5").update(buffer).digest("hex");
}

function contentDigest(buffer) {
  // techlead-safe
  return crypto.createHash("sha256").update(buffer).digest("hex");
}

function hashPassword(password) {
  // techlead-expect: javascript-weak-hash
  return crypto.createHash("sha1").update(password).digest("hex");
}

function hashPasswordSafe(password) {
  const salt = crypto.randomBytes(16);
  // techlead-safe
  const derived = crypto.scryptSync(password, salt, 64);
  return `${salt.toString("hex")}:${derived.toString("hex")}`;
}

function legacyPasswordKey(password, salt) {
  // techlead-expect: javascript-pbkdf2-low-iterations
  return crypto.pbkdf2Sync(password, salt, 1000, 32, "sha256");
}

function passwordKey(password, salt) {
  // techlead-safe
  return crypto.pbkdf2Sync(password, salt, 600000, 32, "sha256");
}

function encryptCard(number) {
  // techlead-expect: javascript-static-iv
  const cipher = crypto.createCipheriv("aes-256-cbc", KEY, Buffer.alloc(16));
  return Buffer.concat([cipher.update(number, "utf8"), cipher.final()]).toString("base64");
}

function encryptCardSafe(number) {
  const iv = crypto.randomBytes(12);
  // techlead-safe
  const cipher = crypto.createCipheriv("aes-256-gcm", KEY, iv);
  const body = Buffer.concat([cipher.update(number, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64")).join(".");
}

function encryptLegacy(text) {
  // techlead-expect: javascript-weak-cipher
  const cipher = crypto.createCipheriv("des-ede3-cbc", KEY.subarray(0, 24), crypto.randomBytes(8));
  return cipher.update(text, "utf8", "hex") + cipher.final("hex");
}

function encryptEcb(block) {
  // techlead-expect: javascript-weak-cipher
  const cipher = crypto.createCipheriv("aes-128-ecb", KEY.subarray(0, 16), null);
  return cipher.update(block);
}

function newSigningKeys() {
  // techlead-expect: javascript-weak-rsa-key
  const legacy = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
  // techlead-safe
  const current = crypto.generateKeyPairSync("rsa", { modulusLength: 3072 });
  return { legacy, current };
}

function writeApiToken(dir, token) {
  const file = path.join(dir, "api-token");
  // techlead-expect: javascript-permissive-file-mode
  fs.writeFileSync(file, token, { mode: 0o666 });
  // techlead-safe
  fs.writeFileSync(`${file}.bak`, token, { mode: 0o600 });
  return file;
}

function requestId() {
  // techlead-safe
  return crypto.randomUUID();
}

function jitter(ms) {
  // techlead-safe
  return ms + Math.floor(Math.random() * 250);
}

function sessionToken() {
  // techlead-expect: javascript-insecure-random-token
  const token = Math.random().toString(36).substring(2) + Date.now().toString(36);
  return token;
}

module.exports = { legacyChecksum, contentDigest, hashPassword, hashPasswordSafe, encryptCard, encryptCardSafe, encryptLegacy, encryptEcb, newSigningKeys, writeApiToken, requestId, jitter, sessionToken };
