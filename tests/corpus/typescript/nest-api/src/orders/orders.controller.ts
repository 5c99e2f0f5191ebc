// HTTP layer of the orders module.
import { Body, Controller, Get, Param, Post, Query, Req, Res } from "@nestjs/common";
import type { Request, Response } from "express";
import * as jwt from "jsonwebtoken";
import * as crypto from "crypto";
import { exec, execFile } from "child_process";
import axios from "axios";
import { OrdersService } from "./orders.service";
import { Order } from "./order.entity";

@Controller("orders")
export class OrdersController {
  constructor(private readonly service: OrdersService) {}

  @Post()
  async create(@Req() req: Request): Promise<Order> {
    // techlead-expect: typescript-mass-assignment-request-body
    return Order.create(req.body).save();
  }

  @Post("v2")
  async createSafe(@Body() body: { item: string; qty: number }): Promise<Order> {
    // techlead-safe
    return Order.create({ item: body.item, qty: body.qty }).save();
  }

  @Get("token")
  token(@Query("user") user: string): { token: string } {
    // techlead-expect: typescript-jwt-hardcoded-secret
    const token = jwt.sign({ sub: user }, "nest-orders-secret", { expiresIn: "15m" });
    return { token };
  }

  @Get("verify")
  verify(@Req() req: Request): unknown {
    const raw = String(req.headers.authorization).slice(7);
    // techlead-expect: typescript-jwt-none-algorithm
    const legacy = jwt.verify(raw, process.env.JWT_SECRET as string, { algorithms: ["none", "HS256"] });
    // techlead-safe
    const claims = jwt.verify(raw, process.env.JWT_PUBLIC_KEY as string, { algorithms: ["RS256"] });
    return { legacy, claims };
  }

  @Get("peek")
  peek(@Req() req: Request): unknown {
    // techlead-expect: typescript-jwt-decode-without-verify
    const claims = jwt.decode(String(req.headers.authorization).slice(7));
    return claims;
  }

  @Get(":id/invoice")
  async invoice(@Param("id") id: string, @Res() res: Response, @Req() req: Request): Promise<void> {
    const order = await this.service.findOneSafe(id);
    // techlead-expect: typescript-child-process-exec-injection
    exec(`wkhtmltopdf https://internal/invoices/${id} /tmp/${id}.pdf`, () => res.sendFile(`/tmp/${id}.pdf`));
    // techlead-safe
    execFile("wkhtmltopdf", [`https://internal/invoices/${encodeURIComponent(id)}`, "/tmp/out.pdf"], () => undefined);
    // techlead-expect: typescript-express-reflected-xss
    res.write("<p>Invoice for " + req.query.customer + "</p>");
    res.end(order ? "ok" : "missing");
  }

  @Post("webhook")
  async webhook(@Req() req: Request): Promise<{ ok: boolean }> {
    // techlead-expect: typescript-ssrf-request
    await axios.post(req.body.callbackUrl, { ok: true });
    // techlead-safe
    await axios.post("https://hooks.example.com/orders", { id: req.body.id });
    return { ok: true };
  }

  @Get("nonce")
  nonce(): { nonce: string; jitter: number } {
    // techlead-safe
    const nonce = crypto.randomBytes(16).toString("base64url");
    return { nonce, jitter: Math.random() };
  }

  @Get("api-key")
  apiKey(): { key: string } {
    // techlead-expect: typescript-insecure-random-token
    const apiKey = Math.random().toString(36).slice(2);
    return { key: apiKey };
  }
}
