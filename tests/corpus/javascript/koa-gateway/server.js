"use strict";
// Koa gateway in front of the reporting service: templates, profile
// cookies and a small proxy.
const Koa = require("koa");
const Router = require("@koa/router");
const bodyParser = require("koa-bodyparser");
const ejs = require("ejs");
const Handlebars = require("handlebars");
const serialize = require("node-serialize");
const yaml = require("js-yaml");
const got = require("got");
const vm = require("vm");

const app = new Koa();
const router = new Router();

router.get("/greet", async (ctx) => {
  // techlead-expect: javascript-express-reflected-xss
  ctx.body = `<p>Welcome back, ${ctx.query.user}</p>`;
});

router.get("/greet.json", async (ctx) => {
  // techlead-safe
  ctx.body = { user: ctx.query.user };
});

router.post("/preview", async (ctx) => {
  // techlead-expect: javascript-template-injection
  const html = ejs.render(ctx.request.body.template, { user: ctx.state.user });
  ctx.body = html;
});

router.post("/preview-v2", async (ctx) => {
  // techlead-safe
  const html = await ejs.renderFile("views/preview.ejs", { text: ctx.request.body.template });
  ctx.body = html;
});

router.post("/mail", async (ctx) => {
  // techlead-expect: javascript-template-injection
  const tpl = Handlebars.compile(ctx.request.body.layout);
  // techlead-safe
  const fixed = Handlebars.compile("<p>{{greeting}}</p>");
  ctx.body = tpl({ greeting: "hi" }) + fixed({ greeting: ctx.request.body.greeting });
});

router.get("/profile", async (ctx) => {
  const raw = Buffer.from(ctx.cookies.get("profile") || "", "base64").toString();
  // techlead-expect: javascript-unsafe-deserialization
  const profile = serialize.unserialize(raw);
  // techlead-safe
  const plain = JSON.parse(raw || "{}");
  ctx.body = { profile, plain };
});

router.post("/config", async (ctx) => {
  // techlead-expect: javascript-unsafe-deserialization
  const doc = yaml.load(ctx.request.body.yaml, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // techlead-safe
  const safeDoc = yaml.load(ctx.request.body.yaml);
  ctx.body = { doc, safeDoc };
});

router.get("/download", async (ctx) => {
  // techlead-expect: javascript-header-injection
  ctx.set("Content-Disposition", `attachment; filename=${ctx.query.name}`);
  // techlead-safe
  ctx.set("Content-Disposition", "attachment; filename=report.csv");
  ctx.body = "id,total\n";
});

router.get("/proxy", async (ctx) => {
  // techlead-expect: javascript-ssrf-request
  const upstream = await got(ctx.query.target, { timeout: { request: 3000 } });
  ctx.body = upstream.body;
});

router.get("/calc", async (ctx) => {
  const sandbox = { result: 0 };
  // techlead-expect: javascript-vm-code-injection
  vm.runInNewContext(`result = ${ctx.query.expr}`, sandbox);
  // techlead-safe
  vm.runInNewContext("result = 6 * 7", sandbox);
  ctx.body = { result: sandbox.result };
});

router.get("/health", async (ctx) => {
  // techlead-safe
  ctx.set("Cache-Control", "no-store");
  ctx.body = "ok";
});

app.use(bodyParser());
app.use(router.routes());
app.listen(3000);
