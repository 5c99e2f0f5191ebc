// Express + TypeScript server of the notes service.
import express, { NextFunction, Request, Response } from "express";
import session from "express-session";
import cookieSession from "cookie-session";
import cors from "cors";
import helmet from "helmet";
import path from "path";
import fs from "fs";
import * as https from "https";
import { notesRouter } from "./notes";
import { filesRouter } from "./files";

const app = express();

app.use(
  helmet({
    // techlead-expect: typescript-helmet-csp-disabled
    contentSecurityPolicy: false,
    // techlead-safe
    crossOriginResourcePolicy: { policy: "same-site" },
  }),
);

app.use(
  session({
    // techlead-expect: typescript-hardcoded-session-secret
    secret: "notes-session-secret",
    resave: false,
    saveUninitialized: false,
    // techlead-expect: typescript-cookie-insecure-flags
    cookie: { httpOnly: false, sameSite: "lax" },
  }),
);

app.use(
  cookieSession({
    name: "prefs",
    // techlead-safe
    keys: [process.env.PREFS_KEY_1 as string, process.env.PREFS_KEY_2 as string],
    // techlead-safe
    secure: true,
  }),
);

// techlead-expect: typescript-express-cors-wildcard-credentials
app.use("/api", cors({ origin: "*", credentials: true }));

// techlead-safe
app.use("/public", cors({ origin: "*", credentials: false }));

app.use(express.json());
app.use("/api/notes", notesRouter);
app.use("/api/files", filesRouter);

app.get("/welcome", (req: Request, res: Response) => {
  // techlead-expect: typescript-express-reflected-xss
  res.send("<h2>Welcome " + req.query.name + "</h2>");
});

app.get("/welcome-safe", (req: Request, res: Response) => {
  // techlead-safe
  res.render("welcome", { name: req.query.name });
});

app.get("/logout", (req: Request, res: Response) => {
  // techlead-expect: typescript-cookie-insecure-flags
  res.cookie("sid", "", { maxAge: 0, secure: false });
  // techlead-safe
  res.cookie("sid", "", { maxAge: 0, secure: true, httpOnly: true });
  // techlead-expect: typescript-open-redirect
  res.redirect(req.query.next as string);
});

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ error: "internal" });
});

const agent = new https.Agent({
  // techlead-expect: typescript-tls-reject-unauthorized
  rejectUnauthorized: false,
});

const strictAgent = new https.Agent({
  // techlead-safe
  rejectUnauthorized: true,
  // techlead-safe
  minVersion: "TLSv1.2",
});

https
  .createServer(
    {
      key: fs.readFileSync(path.join(__dirname, "tls/key.pem")),
      cert: fs.readFileSync(path.join(__dirname, "tls/cert.pem")),
      // techlead-expect: typescript-tls-old-protocol
      minVersion: "TLSv1.1",
    },
    app,
  )
  .listen(8443);

export { app, agent, strictAgent };
