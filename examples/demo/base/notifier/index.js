"use strict";

const nodemailer = require("nodemailer");

const transport = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD },
});

async function orderShipped(order) {
  await transport.sendMail({
    to: order.email,
    subject: `Order ${order.id} is on its way`,
    text: `Hello ${order.customer}, your order has shipped.`,
  });
}

module.exports = { orderShipped };
