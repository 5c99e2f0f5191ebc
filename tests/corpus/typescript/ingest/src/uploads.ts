// Ingest service: signed partner webhooks, zipped statement uploads and the partner feed client.
import express, { Request, Response } from "express";
import fileUpload, { UploadedFile } from "express-fileupload";
import yauzl, { Entry, ZipFile } from "yauzl";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { join, resolve, sep, extname } from "node:path";
import https from "node:https";
import tls, { PeerCertificate } from "node:tls";

export const ingest = express.Router();
ingest.use(fileUpload({ limits: { fileSize: 20 * 1024 * 1024 } }));

const STAGING: string = resolve(process.env.STAGING_DIR ?? "/srv/ingest/staging");
const PARTNER_SECRET: string = process.env.PARTNER_HMAC_SECRET ?? "";
const PARTNER_FINGERPRINT: string = process.env.PARTNER_CERT_SHA256 ?? "";

ingest.post("/statements/raw", async (req: Request, res: Response) => {
  const statement = req.files?.statement as UploadedFile;
  // techlead-expect: typescript-upload-original-filename
  await statement.mv(`${STAGING}/raw/${statement.name}`);
  res.sendStatus(202);
});

ingest.post("/statements", async (req: Request, res: Response) => {
  const statement = req.files?.statement as UploadedFile;
  const ext: string = extname(statement.name).toLowerCase() === ".zip" ? ".zip" : ".bin";
  // techlead-safe
  await statement.mv(join(STAGING, `${randomUUID()}${ext}`));
  res.sendStatus(202);
});

export function unpack(zipPath: string, dest: string): Promise<void> {
  return new Promise((done, fail) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err: Error | null, zip?: ZipFile) => {
      if (err || !zip) return fail(err);
      zip.on("entry", (entry: Entry) => {
        // techlead-expect: typescript-zip-slip
        const target: string = join(dest, entry.fileName);
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e);
          stream.on("end", () => zip.readEntry()).pipe(createWriteStream(target));
        });
      });
      zip.on("end", () => done());
      zip.readEntry();
    });
  });
}

export function unpackChecked(zipPath: string, dest: string): Promise<void> {
  const root: string = resolve(dest) + sep;
  return new Promise((done, fail) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err: Error | null, zip?: ZipFile) => {
      if (err || !zip) return fail(err);
      zip.on("entry", (entry: Entry) => {
        // techlead-safe
        const target: string = resolve(dest, entry.fileName);
        if (!target.startsWith(root) || entry.fileName.endsWith("/")) return zip.readEntry();
        mkdirSync(resolve(target, ".."), { recursive: true });
        zip.openReadStream(entry, (e, stream) => stream?.on("end", () => zip.readEntry()).pipe(createWriteStream(target)));
      });
      zip.on("end", () => done());
      zip.readEntry();
    });
  });
}

ingest.post("/hooks/partner", express.raw({ type: "*/*" }), (req: Request, res: Response) => {
  const signature = String(req.get("X-Partner-Signature") ?? "");
  // techlead-expect: typescript-hmac-timing-unsafe-compare
  if (createHmac("sha256", PARTNER_SECRET).update(req.body as Buffer).digest("hex") != signature) {
    res.sendStatus(401);
    return;
  }
  res.sendStatus(204);
});

ingest.post("/hooks/partner/v2", express.raw({ type: "*/*" }), (req: Request, res: Response) => {
  const expected: Buffer = createHmac("sha256", PARTNER_SECRET).update(req.body as Buffer).digest();
  const received: Buffer = Buffer.from(String(req.get("X-Partner-Signature") ?? ""), "hex");
  // techlead-safe
  const ok: boolean = received.length === expected.length && timingSafeEqual(received, expected);
  res.sendStatus(ok ? 204 : 401);
});

export const partnerAgent = new https.Agent({
  keepAlive: true,
  // techlead-expect: typescript-tls-verification-bypass
  checkServerIdentity: (_host: string, _cert: PeerCertificate): Error | undefined => undefined,
});

export const pinnedPartnerAgent = new https.Agent({
  keepAlive: true,
  // techlead-safe
  checkServerIdentity: (host: string, cert: PeerCertificate): Error | undefined =>
    tls.checkServerIdentity(host, cert) ?? (cert.fingerprint256 === PARTNER_FINGERPRINT ? undefined : new Error("pin mismatch")),
});
