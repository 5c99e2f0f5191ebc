#!/usr/bin/env ts-node
// Deploy helper: builds the bundle, uploads it and notifies the team.
import { execSync, execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import fetch from "node-fetch";

interface Options {
  env: string;
  branch: string;
  webhook?: string;
}

function parseArgs(argv: string[]): Options {
  const [env = "staging", branch = "main", webhook] = argv.slice(2);
  return { env, branch, webhook };
}

function build(opts: Options): string {
  const out = path.join(os.tmpdir(), `bundle-${opts.env}`);
  // techlead-expect: typescript-child-process-exec-injection
  execSync(`git checkout ${opts.branch} && npm run build -- --out ${out}`, { stdio: "inherit" });
  // techlead-safe
  execFileSync("git", ["checkout", opts.branch], { stdio: "inherit" });
  // techlead-safe
  execSync("npm ci --ignore-scripts", { stdio: "inherit" });
  return out;
}

function pack(dir: string, opts: Options): string {
  const archive = `${dir}.tgz`;
  // techlead-expect: typescript-child-process-shell-option
  spawnSync("tar -czf " + archive + " -C " + dir + " .", { shell: true, stdio: "inherit" });
  // techlead-safe
  spawnSync("tar", ["-czf", archive, "-C", dir, "."], { stdio: "inherit" });
  // techlead-expect: typescript-permissive-file-mode
  fs.chmodSync(archive, 0o777);
  return archive;
}

async function notify(opts: Options, archive: string): Promise<void> {
  if (!opts.webhook) return;
  // techlead-safe
  await fetch("https://chat.example.com/hooks/deploy", { method: "POST", body: JSON.stringify({ env: opts.env }) });
  const stats = fs.statSync(archive);
  console.log(`notified about ${stats.size} bytes`);
}

function writeCredentials(token: string): void {
  const file = path.join(os.homedir(), ".deployrc");
  // techlead-safe
  fs.writeFileSync(file, `token=${token}\n`, { mode: 0o600 });
}

function evaluateHook(code: string): unknown {
  // techlead-expect: typescript-eval-used
  return eval(code);
}

function loadPlugin(name: string): unknown {
  // techlead-safe
  return require(`./plugins/${path.basename(name)}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv);
  const dir = build(opts);
  const archive = pack(dir, opts);
  await notify(opts, archive);
  writeCredentials(process.env.DEPLOY_TOKEN ?? "");
  if (process.env.DEPLOY_HOOK) evaluateHook(process.env.DEPLOY_HOOK);
  loadPlugin(opts.env);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
