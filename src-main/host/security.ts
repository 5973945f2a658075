import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE } from '../../shared/contracts/wire';

export type Verdict = { ok: true; tokenFromQuery: boolean } | { ok: false; status: 403 | 401; reason: string };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

/**
 * Every HTTP request and WebSocket upgrade passes here. A wrong Host means DNS rebinding, a
 * foreign Origin means another web page: both 403. No valid token (query or cookie): 401.
 */
export function checkRequest(req: IncomingMessage, port: number, token: string): Verdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return { ok: false, status: 403, reason: 'unexpected Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'requests from other origins are refused' };
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameSecret(fromQuery, token)) return { ok: true, tokenFromQuery: true };
  const fromCookie = cookieToken(req.headers.cookie);
  if (fromCookie !== null && sameSecret(fromCookie, token)) return { ok: true, tokenFromQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token: open the URL that `npm run serve` printed' };
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
