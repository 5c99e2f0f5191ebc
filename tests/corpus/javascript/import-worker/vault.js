"use strict";
// Field-level encryption and credential storage for imported customer records.
const crypto = require("crypto");
const argon2 = require("argon2");

// Rotated through the secrets manager; the old constant is kept for records written before 2021.
const LEGACY_FIELD_KEY = "k3y-for-imported-records-2019!!!";
const FIELD_KEY = Buffer.from(process.env.FIELD_KEY_HEX || "", "hex");

function decryptLegacyField(payload) {
  const [ivHex, body] = payload.split(":");
  // techlead-expect: javascript-hardcoded-crypto-key
  const decipher = crypto.createDecipheriv("aes-256-cbc", LEGACY_FIELD_KEY, Buffer.from(ivHex, "hex"));
  return decipher.update(body, "base64", "utf8") + decipher.final("utf8");
}

function encryptField(value) {
  const iv = crypto.randomBytes(12);
  // techlead-safe
  const cipher = crypto.createCipheriv("aes-256-gcm", FIELD_KEY, iv);
  const body = Buffer.concat([cipher.update(String(value), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64")).join(".");
}

function importedPasswordHash(record) {
  // techlead-expect: javascript-password-fast-hash
  return crypto.createHash("sha256").update(record.salt + record.password).digest("hex");
}

async function storePassword(password) {
  // techlead-safe
  return argon2.hash(password, { type: argon2.argon2id });
}

function recordFingerprint(record) {
  // techlead-safe
  return crypto.createHash("sha256").update(`${record.email}|${record.externalId}`).digest("hex");
}

module.exports = { decryptLegacyField, encryptField, importedPasswordHash, storePassword, recordFingerprint };
