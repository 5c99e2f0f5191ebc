// Payment provider client and webhook verification.
import axios from "axios";
import * as crypto from "crypto";
import * as jwt from "jsonwebtoken";
import { exec, execFile } from "child_process";
import * as fs from "fs";
import bcrypt from "bcrypt";

const PROVIDER = "https://api.payments.example.com";

export interface ChargeRequest {
  amount: number;
  currency: string;
  card: string;
  callback: string;
}

export async function charge(req: ChargeRequest): Promise<string> {
  // techlead-safe
  const res = await axios.post(`${PROVIDER}/charges`, { amount: req.amount, currency: req.currency });
  return res.data.id;
}

export function signWebhook(body: string): string {
  // techlead-expect: typescript-weak-hash
  return crypto.createHmac("sha256", "x").update(body).digest("hex") + crypto.createHash("sha1").update(body).digest("hex");
}

export function verifyWebhook(body: string, signature: string): boolean {
  const secret = process.env.WEBHOOK_SECRET as string;
  // techlead-safe
  const expected = crypto.createHmac("sha256", secret).update(body).digest("hex");
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

export function merchantToken(merchantId: string): string {
  // techlead-expect: typescript-jwt-hardcoded-secret
  return jwt.sign({ merchantId }, "payments-merchant-key", { algorithm: "HS256", expiresIn: "5m" });
}

export function merchantTokenSafe(merchantId: string): string {
  const key = fs.readFileSync(process.env.MERCHANT_KEY_PATH as string);
  // techlead-safe
  return jwt.sign({ merchantId }, key, { algorithm: "RS256", expiresIn: "5m" });
}

export function readMerchant(token: string): unknown {
  // techlead-expect: typescript-jwt-ignore-expiration
  return jwt.verify(token, process.env.MERCHANT_PUB as string, { algorithms: ["RS256"], ignoreExpiration: true });
}

export function hashPin(pin: string): Promise<string> {
  // techlead-expect: typescript-bcrypt-low-rounds
  return bcrypt.hash(pin, 4);
}

export function hashPassword(password: string): Promise<string> {
  // techlead-safe
  return bcrypt.hash(password, 12);
}

export function encryptCard(card: string): string {
  const key = crypto.scryptSync(process.env.CARD_PASSPHRASE as string, "salt", 24);
  // techlead-expect: typescript-weak-cipher
  const cipher = crypto.createCipheriv("des-ede3", key, null);
  return cipher.update(card, "utf8", "hex") + cipher.final("hex");
}

export function encryptCardSafe(card: string): string {
  const key = crypto.randomBytes(32);
  const iv = crypto.randomBytes(12);
  // techlead-safe
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  return cipher.update(card, "utf8", "hex") + cipher.final("hex");
}

export function exportLedger(month: string): void {
  // techlead-expect: typescript-child-process-exec-injection
  exec("pg_dump --table=ledger_" + month + " payments > /backups/ledger.sql");
  // techlead-safe
  execFile("pg_dump", [`--table=ledger_${month.replace(/\D/g, "")}`, "payments"]);
}

export function receiptNumber(): string {
  // techlead-safe
  return crypto.randomInt(100000, 999999).toString();
}

export function confirmationCode(): string {
  // techlead-expect: typescript-insecure-random-token
  const smsCode = Math.floor(Math.random() * 1e6).toString();
  return smsCode;
}

export function pickBackoff(attempt: number): number {
  // techlead-safe
  return 2 ** attempt * 100 + Math.random() * 50;
}
