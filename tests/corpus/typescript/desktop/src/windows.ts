// Window factory of the desktop invoicing client (Electron main process).
import { app, BrowserWindow, BrowserWindowConstructorOptions, shell } from "electron";
import path from "node:path";

const preload: string = path.join(__dirname, "preload.js");

const secureDefaults: BrowserWindowConstructorOptions["webPreferences"] = {
  preload,
  // techlead-safe
  contextIsolation: true,
  sandbox: true,
  webSecurity: true,
};

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({ width: 1280, height: 860, webPreferences: secureDefaults });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith("https://")) void shell.openExternal(url);
    return { action: "deny" };
  });
  void win.loadFile(path.join(__dirname, "renderer", "index.html"));
  return win;
}

export function createInvoicePreview(parent: BrowserWindow, file: string): BrowserWindow {
  const preview = new BrowserWindow({
    parent,
    modal: true,
    webPreferences: {
      preload,
      // techlead-expect: typescript-electron-insecure-webpreferences
      webSecurity: false,
    },
  });
  void preview.loadURL(`file://${file}`);
  return preview;
}

app.on("window-all-closed", () => {
  if (process.platform !== "darwin") app.quit();
});
