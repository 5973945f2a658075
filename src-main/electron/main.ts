import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contractMethods, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../../shared/contracts';
import { defaultDataDir, resolveDbPath } from '../data-dir';
import { paths } from '../paths';
import { createAppContext, type AppContext } from '../services/context';
import { isAppUrl, secureWebPreferences } from './policy';
import { applySessionPolicy, lockDownAllContents } from './security';

const rendererIndex = path.join(paths.renderer, 'index.html');
let context: AppContext | null = null;

app.setPath('userData', defaultDataDir());
app.enableSandbox();

function senderIsOurs(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return isAppUrl(url, rendererIndex);
}

function registerIpc(ctx: AppContext): void {
  for (const { service, method } of contractMethods()) {
    ipcMain.handle(`${IPC_INVOKE_PREFIX}${service}.${method}`, async (event, ...args: unknown[]) => {
      if (!senderIsOurs(event)) return { ok: false, error: { code: 'invalid-input', message: 'IPC from an unknown page was refused.' } };
      return ctx.dispatch(service, method, args);
    });
  }
  ctx.events.subscribe((payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, payload);
  });
}

/** Reports print through Electron's own Chromium in the desktop app: an offscreen window, no network. */
async function printToPdf(html: string): Promise<Buffer> {
  // No preload and no scripts: the report is static HTML.
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await window.loadURL(`data:text/html;base64,${Buffer.from(html).toString('base64')}`);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    window.destroy();
  }
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'ReLU Lab',
    show: false,
    // Spelled out here (not only in security.ts) so that reviewers and electronegativity see them.
    webPreferences: {
      ...secureWebPreferences(paths.preload),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pathToFileURL(rendererIndex).href);
}

app.whenReady().then(() => {
  applySessionPolicy();
  lockDownAllContents(rendererIndex);
  const dbFlag = process.argv.find((a) => a.startsWith('--db='))?.slice('--db='.length);
  const nativeBinding = existsSync(paths.electronSqliteBinding) ? paths.electronSqliteBinding : undefined;
  context = createAppContext({
    dbPath: resolveDbPath(dbFlag),
    mode: 'desktop',
    pdf: printToPdf,
    ...(nativeBinding ? { database: { nativeBinding } } : {}),
  });
  registerIpc(context);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  if (!context) return;
  event.preventDefault();
  const closing = context;
  context = null;
  void closing.close().finally(() => app.quit());
});
