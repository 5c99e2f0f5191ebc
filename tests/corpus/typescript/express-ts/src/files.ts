// Attachments: upload, download, conversion.
import { Router, Request, Response } from "express";
import * as fs from "fs";
import * as path from "path";
import { spawn, execFile } from "child_process";
import * as crypto from "crypto";

export const filesRouter = Router();
const ROOT = path.resolve(process.env.ATTACHMENTS ?? "/srv/attachments");
const KEY = Buffer.from(process.env.ATTACHMENT_KEY ?? "", "hex");

filesRouter.get("/raw", (req: Request, res: Response) => {
  // techlead-expect: typescript-path-traversal-request
  fs.readFile(req.query.path as string, (err, data) => res.send(err ? 404 : data));
});

filesRouter.get("/safe", (req: Request, res: Response) => {
  // techlead-safe
  res.sendFile(path.basename(String(req.query.name)), { root: ROOT });
});

filesRouter.post("/convert", (req: Request, res: Response) => {
  const input = path.join(ROOT, path.basename(String(req.body.name)));
  // techlead-expect: typescript-child-process-shell-option
  const child = spawn(`soffice --headless --convert-to pdf ${input}`, { shell: true });
  // techlead-safe
  const safe = spawn("soffice", ["--headless", "--convert-to", "pdf", input], { shell: false });
  child.on("exit", () => safe.on("exit", () => res.status(204).end()));
});

filesRouter.get("/checksum", (req: Request, res: Response) => {
  // techlead-safe
  const data = fs.readFileSync(path.join(ROOT, path.basename(String(req.query.name))));
  // techlead-expect: typescript-weak-hash
  const etag = crypto.createHash("md5").update(data).digest("hex");
  // techlead-safe
  const sum = crypto.createHash("sha256").update(data).digest("hex");
  res.json({ etag, sum });
});

export function sealAttachment(data: Buffer): Buffer {
  // techlead-expect: typescript-static-iv
  const cipher = crypto.createCipheriv("aes-256-cbc", KEY, Buffer.from("0123456789abcdef"));
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function sealAttachmentSafe(data: Buffer): Buffer {
  const iv = crypto.randomBytes(16);
  // techlead-safe
  const cipher = crypto.createCipheriv("aes-256-cbc", KEY, iv);
  return Buffer.concat([iv, cipher.update(data), cipher.final()]);
}

export function exportKeys(): void {
  // techlead-expect: typescript-weak-rsa-key
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
  // techlead-expect: typescript-permissive-file-mode
  fs.writeFileSync(path.join(ROOT, "export.pem"), privateKey.export({ type: "pkcs1", format: "pem" }), { mode: 0o666 });
  // techlead-safe
  fs.chmodSync(path.join(ROOT, "export.pem"), 0o600);
}

export function version(cb: (v: string) => void): void {
  // techlead-safe
  execFile("soffice", ["--version"], (_e, out) => cb(String(out)));
}
