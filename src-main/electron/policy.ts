// The desktop app's security policy as plain data and functions: no Electron import, so tests can check it.

export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
  };
}

/** The app's own pages are file:// URLs inside the renderer folder; nothing else may load. */
export function isAppUrl(url: string, rendererIndex: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' && decodeURIComponent(parsed.pathname) === rendererIndex.replace(/\\/g, '/').replace(/^(?!\/)/, '/');
  } catch {
    return false;
  }
}

/**
 * Only an https link the user clicked opens, in the system browser. A click on a target=_blank link
 * arrives as a tab disposition; a script's window.open() arrives as 'new-window' and is refused.
 */
export function isUserClickedHttpsLink(url: string, disposition: string): boolean {
  try {
    return new URL(url).protocol === 'https:' && (disposition === 'foreground-tab' || disposition === 'background-tab');
  } catch {
    return false;
  }
}

