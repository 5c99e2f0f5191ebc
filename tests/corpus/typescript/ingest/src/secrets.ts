// Credential and field encryption helpers for the ingest pipeline.
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

const FIELD_KEY: Buffer = Buffer.from(process.env.INGEST_FIELD_KEY ?? "", "base64");

export function sealField(value: string): string {
  const iv: Buffer = randomBytes(12);
  // techlead-safe
  const cipher = createCipheriv("aes-256-gcm", FIELD_KEY, iv);
  const body: Buffer = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function openPartnerField(payload: string, iv: Buffer): string {
  // techlead-expect: typescript-hardcoded-crypto-key
  const decipher = createDecipheriv("aes-128-cbc", Buffer.from("partner-shared-k", "utf8"), iv);
  return decipher.update(payload, "base64", "utf8") + decipher.final("utf8");
}

export interface PortalAccount {
  login: string;
  password: string;
  salt: string;
}

export function legacyPasswordDigest(account: PortalAccount): string {
  // techlead-expect: typescript-password-fast-hash
  return createHash("sha512").update(`${account.salt}:${account.password}`).digest("base64");
}

export async function passwordDigest(password: string): Promise<string> {
  const salt: Buffer = randomBytes(16);
  // techlead-safe
  const derived: Buffer = await scrypt(password, salt, 64);
  return `${salt.toString("hex")}:${derived.toString("hex")}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [saltHex, hashHex] = stored.split(":");
  const derived: Buffer = await scrypt(password, Buffer.from(saltHex, "hex"), 64);
  return timingSafeEqual(derived, Buffer.from(hashHex, "hex"));
}
