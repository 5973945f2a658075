import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl, isUserClickedHttpsLink, RENDERER_CSP } from './policy';

export function applySessionPolicy(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    // The policy is the RENDERER_CSP constant above (checked by test/unit/electron-security.test.ts); the tool cannot read a constant.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } }); /* eng-disable CSP_GLOBAL_CHECK */
  });
  // No remote content: the renderer talks to the main process only through IPC.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
}

export function lockDownContents(contents: WebContents, rendererIndex: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererIndex)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url, disposition }) => {
    if (isUserClickedHttpsLink(url, disposition)) void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK: https only, and only a link the user clicked (a tab disposition, never a script's window.open) */
    return { action: 'deny' };
  });
}

export function lockDownAllContents(rendererIndex: string): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, rendererIndex));
}
