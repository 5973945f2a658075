import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { contractMethods } from '../../shared/contracts';
import { isAppUrl, isUserClickedHttpsLink, RENDERER_CSP, secureWebPreferences } from '../../src-main/electron/policy';
import { projectRoot } from '../../src-main/paths';

// The preload runs against a stand-in for Electron's renderer API: what it exposes is what we check.
const exposed: Record<string, unknown> = {};
const invoked: string[] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: { invoke: (channel: string) => (invoked.push(channel), Promise.resolve({ ok: true, result: null })), on: () => undefined, removeListener: () => undefined },
}));

describe('Electron security checklist', () => {
  it('windows: context isolation, sandbox, no Node integration anywhere, web security on', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    // main.ts spells the same settings out where BrowserWindow is created.
    const main = readFileSync(path.join(projectRoot, 'src-main/electron/main.ts'), 'utf8');
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) expect(main).toContain(setting);
    expect(main).toContain('app.enableSandbox()');
  });

  it('a strict CSP: scripts only from the app, no remote connections, no objects, no framing', () => {
    const directives = Object.fromEntries(RENDERER_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it("navigation and IPC accept only the app's own page", () => {
    const index = '/opt/relulab/out/renderer/index.html';
    expect(isAppUrl('file:///opt/relulab/out/renderer/index.html#/runs/r1', index)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', index)).toBe(false);
    expect(isAppUrl('https://example.com/', index)).toBe(false);
    expect(isAppUrl('not a url', index)).toBe(false);
  });

  it('openExternal only for https links the user clicked', () => {
    expect(isUserClickedHttpsLink('https://archive.ics.uci.edu/', 'foreground-tab')).toBe(true);
    expect(isUserClickedHttpsLink('https://archive.ics.uci.edu/', 'new-window')).toBe(false);
    expect(isUserClickedHttpsLink('http://example.com/', 'foreground-tab')).toBe(false);
    expect(isUserClickedHttpsLink('file:///etc/passwd', 'foreground-tab')).toBe(false);
    expect(isUserClickedHttpsLink('javascript:alert(1)', 'foreground-tab')).toBe(false);
  });

  it('the preload exposes exactly the contract methods and an event feed, no raw ipcRenderer', async () => {
    await import('../../src-main/electron/preload');
    const bridge = exposed.relulab as { api: Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>; onEvent: unknown };
    expect(Object.keys(exposed)).toEqual(['relulab']);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onEvent']);
    const methods = Object.entries(bridge.api).flatMap(([service, fns]) => Object.keys(fns).map((m) => `${service}.${m}`)).sort();
    expect(methods).toEqual(contractMethods().map(({ service, method }) => `${service}.${method}`).sort());
    await bridge.api.runs!.list!({});
    expect(invoked).toEqual(['relulab:runs.list']);
  });

  it('packaging sets the fuses: RunAsNode, NODE_OPTIONS and inspect off, cookie encryption and ASAR integrity on', () => {
    const builder = readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8');
    for (const line of ['runAsNode: false', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'enableCookieEncryption: true', 'enableEmbeddedAsarIntegrityValidation: true', 'onlyLoadAppFromAsar: true']) {
      expect(builder).toContain(line);
    }
  });
});
