"use strict";
// Background worker: syncs inventory from suppliers and runs the nightly
// cleanup. Reads jobs from Redis and writes to MongoDB via Mongoose.
const mongoose = require("mongoose");
const { exec } = require("child_process");
const https = require("https");
const tls = require("tls");

const Item = mongoose.model("Item", new mongoose.Schema({ sku: String, qty: Number, owner: String }));

async function reserve(job) {
  // techlead-expect: javascript-nosql-where-injection
  const items = await Item.find().$where("this.owner === '" + job.owner + "'");
  // techlead-safe
  const owned = await Item.find({ owner: { $eq: String(job.owner) } });
  return items.length + owned.length;
}

async function restock(job) {
  // techlead-safe
  await Item.updateOne({ sku: String(job.sku) }, { $inc: { qty: Number(job.qty) } });
}

function cleanup(job) {
  // techlead-expect: javascript-child-process-exec-injection
  exec(`find /var/cache/inventory/${job.supplier} -mtime +7 -delete`, (err) => {
    if (err) console.error("cleanup failed", err.message);
  });
}

function fetchSupplierFeed(job) {
  return new Promise((resolve, reject) => {
    const agent = new https.Agent({
      // techlead-expect: javascript-tls-reject-unauthorized
      rejectUnauthorized: false,
      // techlead-expect: javascript-tls-old-protocol
      secureProtocol: "TLSv1_method",
    });
    https.get(job.feedUrl, { agent }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(JSON.parse(body)));
    }).on("error", reject);
  });
}

function connectMetrics() {
  // techlead-safe
  return tls.connect({ host: "metrics.internal", port: 6514, minVersion: "TLSv1.3", rejectUnauthorized: true });
}

module.exports = { reserve, restock, cleanup, fetchSupplierFeed, connectMetrics };
