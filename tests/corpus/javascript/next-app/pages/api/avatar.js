// Next.js API route: avatars for the profile page, fetched from a remote
// URL or read from the local cache.
import fs from "node:fs/promises";
import path from "node:path";
import { execSync, execFileSync } from "node:child_process";
import fetch from "node-fetch";

const CACHE = path.join(process.cwd(), ".avatar-cache");

export default async function handler(req, res) {
  if (req.method === "POST") {
    return upload(req, res);
  }
  const name = String(req.query.name || "default");
  // techlead-safe
  const file = path.join(CACHE, `${path.basename(name)}.png`);
  try {
    const data = await fs.readFile(file);
    res.setHeader("Content-Type", "image/png");
    return res.send(data);
  } catch {
    // techlead-expect: javascript-ssrf-request
    const remote = await fetch(req.query.src);
    const buf = Buffer.from(await remote.arrayBuffer());
    await fs.writeFile(file, buf);
    res.setHeader("Content-Type", "image/png");
    return res.send(buf);
  }
}

async function upload(req, res) {
  const tmp = path.join(CACHE, `${Date.now()}.upload`);
  await fs.writeFile(tmp, req.body.image, "base64");
  // techlead-expect: javascript-child-process-exec-injection
  execSync("convert " + tmp + " -resize 128x128 " + req.body.name + ".png");
  // techlead-safe
  execFileSync("convert", [tmp, "-resize", "128x128", path.join(CACHE, "latest.png")]);
  // techlead-safe
  execSync("sync");
  res.status(201).json({ ok: true });
}

export function redirectToProfile(req, res) {
  // techlead-expect: javascript-open-redirect
  res.redirect(302, req.query.returnTo);
}

export function redirectHome(req, res) {
  // techlead-safe
  res.redirect(302, "/profile");
}
