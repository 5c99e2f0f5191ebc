"use strict";
// Electron main process of the offline report viewer.
const { app, BrowserWindow, ipcMain } = require("electron");
const path = require("path");
const fs = require("fs");
const Mustache = require("mustache");

let mainWindow;
let helpWindow;

function createMainWindow() {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: {
      preload: path.join(__dirname, "preload.js"),
      // techlead-safe
      contextIsolation: true,
      sandbox: true,
    },
  });
  mainWindow.loadFile(path.join(__dirname, "renderer", "index.html"));
}

function createHelpWindow() {
  helpWindow = new BrowserWindow({
    parent: mainWindow,
    width: 700,
    height: 600,
    webPreferences: {
      // techlead-expect: javascript-electron-insecure-webpreferences
      nodeIntegration: true,
      // techlead-expect: javascript-electron-insecure-webpreferences
      contextIsolation: false,
    },
  });
  helpWindow.loadURL("https://help.example.com/report-viewer");
}

const reportTemplate = fs.readFileSync(path.join(__dirname, "templates", "report.mustache"), "utf8");

ipcMain.handle("render-report", (event, report) => {
  // techlead-safe
  return Mustache.render(reportTemplate, report);
});

ipcMain.handle("render-plain-report", (event, report) => {
  const previous = Mustache.escape;
  // techlead-expect: javascript-template-autoescape-disabled
  Mustache.escape = (text) => text;
  try {
    return Mustache.render(reportTemplate, report);
  } finally {
    Mustache.escape = previous;
  }
});

app.whenReady().then(() => {
  createMainWindow();
  ipcMain.on("open-help", createHelpWindow);
});
