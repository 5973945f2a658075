import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_WS_MESSAGE_BYTES, TOKEN_COOKIE, WS_PATH, type WireMessage } from '../../shared/contracts/wire';
import { paths } from '../paths';
import type { AppContext } from '../services/context';
import { checkRequest, contentSecurityPolicy } from './security';

/** A client that stops reading is dropped before its queue can grow without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

const mediaTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface HostOptions {
  context: AppContext;
  port?: number;
  rendererDir?: string;
  /** Largest request a client may send over the socket. */
  maxMessageBytes?: number;
  /** Past this much unsent data a client that stopped reading is dropped. */
  maxBufferedBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

function serveFile(res: ServerResponse, rendererDir: string, urlPath: string, port: number, setCookie: string | null): void {
  const relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  const file = path.resolve(rendererDir, `.${relative}`);
  if (!file.startsWith(rendererDir + path.sep)) return send(res, 404, 'Not found');
  if (!existsSync(path.join(rendererDir, 'index.html'))) return send(res, 503, 'The user interface is not built yet: run `npm run build`.');
  if (!existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'Not found');
  const headers: Record<string, string> = {
    'Content-Type': mediaTypes[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
  };
  if (setCookie) headers['Set-Cookie'] = setCookie;
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
}

function attachSocket(ws: WebSocket, context: AppContext, maxBuffered: number): void {
  const push = (message: WireMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const unsubscribe = context.events.subscribe((event) => push({ event }));
  ws.on('close', unsubscribe);
  // An oversized or malformed frame closes that socket (1009 / 1002); it must never reach the process.
  ws.on('error', () => ws.terminate());
  ws.on('message', async (raw) => {
    let request: { id?: unknown; service?: unknown; method?: unknown; args?: unknown };
    try {
      request = JSON.parse(raw.toString()) as typeof request;
    } catch {
      push({ id: -1, ok: false, error: { code: 'invalid-input', message: 'The message is not valid JSON.' } });
      return;
    }
    const id = typeof request.id === 'number' ? request.id : -1;
    if (typeof request.service !== 'string' || typeof request.method !== 'string') {
      push({ id, ok: false, error: { code: 'invalid-input', message: 'A request needs a service and a method.' } });
      return;
    }
    push({ id, ...(await context.dispatch(request.service, request.method, request.args)) });
  });
}

/** Browser mode: the renderer and the services over HTTP + WebSocket, on 127.0.0.1 only. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir ?? paths.renderer);
  let port = options.port ?? 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok) return send(res, verdict.status, `${verdict.status === 403 ? 'Forbidden' : 'Unauthorized'}: ${verdict.reason}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const cookie = verdict.tokenFromQuery ? `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` : null;
    serveFile(res, rendererDir, url.pathname, port, cookie);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? MAX_WS_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(req, port, token);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!verdict.ok || pathname !== WS_PATH) {
      const status = verdict.ok ? '404 Not Found' : verdict.status === 403 ? '403 Forbidden' : '401 Unauthorized';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, options.context, options.maxBufferedBytes ?? MAX_BUFFERED_BYTES));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
