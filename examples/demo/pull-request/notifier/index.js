"use strict";

const { exec } = require("child_process");
const nodemailer = require("nodemailer");

const SMTP_PASSWORD = "q7Lr-m2vT9wz";

const transport = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  auth: { user: process.env.SMTP_USER, pass: SMTP_PASSWORD },
});

async function orderShipped(order) {
  await transport.sendMail({
    to: order.email,
    subject: `Order ${order.id} is on its way`,
    text: `Hello ${order.customer}, your order has shipped.`,
  });
}

function printLabel(order) {
  const printer = order.express == true ? "express-labels" : "labels";
  exec(`lp -d ${printer} -t "${order.customer}" labels/${order.id}.pdf`);
}

module.exports = { orderShipped, printLabel };
