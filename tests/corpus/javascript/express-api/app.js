"use strict";
// Express entry point of the orders API: middleware, sessions and CORS.
const express = require("express");
const session = require("express-session");
const cookieParser = require("cookie-parser");
const cors = require("cors");
const helmet = require("helmet");
const https = require("https");
const fs = require("fs");

const usersRouter = require("./routes/users");
const filesRouter = require("./routes/files");

const app = express();

// techlead-expect: javascript-helmet-csp-disabled
app.use(helmet({ contentSecurityPolicy: false }));

// techlead-safe
app.use(helmet({ crossOriginEmbedderPolicy: false }));

app.use(express.json({ limit: "1mb" }));

// techlead-expect: javascript-express-static-dotfiles
app.use("/static", express.static("public", { dotfiles: "allow", maxAge: "1d" }));

// techlead-safe
app.use("/assets", express.static("assets", { dotfiles: "ignore" }));

// techlead-expect: javascript-hardcoded-session-secret
app.use(cookieParser("orders-cookie-secret"));

app.use(
  session({
    name: "orders.sid",
    // techlead-expect: javascript-hardcoded-session-secret
    secret: "keyboard cat",
    resave: false,
    saveUninitialized: false,
    // techlead-expect: javascript-cookie-insecure-flags
    cookie: { secure: false, maxAge: 60 * 60 * 1000 },
  }),
);

const adminSession = session({
  // techlead-safe
  secret: process.env.ADMIN_SESSION_SECRET,
  // techlead-safe
  cookie: { secure: true, httpOnly: true, sameSite: "strict" },
});

app.use(
  "/api/public",
  // techlead-expect: javascript-express-cors-wildcard-credentials
  cors({ origin: true, credentials: true }),
);

// techlead-safe
app.use("/api/partner", cors({ origin: ["https://partner.example.com"], credentials: true }));

// techlead-safe
app.use("/api/status", cors({ origin: "*" }));

app.use("/api/admin", adminSession);
app.use("/api/users", usersRouter);
app.use("/api/files", filesRouter);

app.get("/hello", (req, res) => {
  // techlead-expect: javascript-express-reflected-xss
  res.send(`<h1>Hello ${req.query.name}</h1>`);
});

app.get("/hello.json", (req, res) => {
  // techlead-safe
  res.json({ greeting: `Hello ${req.query.name}` });
});

app.get("/lang", (req, res) => {
  // techlead-expect: javascript-header-injection
  res.setHeader("Content-Language", req.query.lang);
  const allowed = ["en", "de", "fr"];
  const lang = allowed.includes(req.query.lang) ? req.query.lang : "en";
  // techlead-safe
  res.setHeader("Content-Language", lang);
  res.end();
});

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: "internal error" });
});

const tlsOptions = {
  key: fs.readFileSync(process.env.TLS_KEY),
  cert: fs.readFileSync(process.env.TLS_CERT),
  // techlead-expect: javascript-tls-old-protocol
  minVersion: "TLSv1",
};

const modernTls = {
  key: tlsOptions.key,
  cert: tlsOptions.cert,
  // techlead-safe
  minVersion: "TLSv1.2",
};

https.createServer(process.env.LEGACY_CLIENTS ? tlsOptions : modernTls, app).listen(8443);

module.exports = app;
