import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { testContext } from '../helpers/context';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(port: number, query: string, headers: Record<string, string> = {}): Promise<{ opened: boolean; status?: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api${query}`, { headers });
    ws.on('open', () => resolve({ opened: true, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

function call(ws: WebSocket, id: number, service: string, method: string, args: unknown[]): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const message = JSON.parse(raw.toString()) as { id?: number };
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, service, method, args }));
  });
}

describe('web host (browser mode)', () => {
  let context: ReturnType<typeof testContext>;
  let host: RunningHost;
  beforeAll(async () => {
    context = testContext({ mode: 'browser' });
    // A stand-in page keeps these checks independent of the renderer build.
    const rendererDir = path.join(path.dirname(context.dbPath), 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><div id="app"></div>');
    host = await startHost({ context, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await context.dispose();
  });

  it('prints a 127.0.0.1 URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the app with the token and sets a strict cookie and CSP', async () => {
    const reply = await get(host.port, `/?token=${host.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<div id="app">');
    expect(String(reply.headers['set-cookie'])).toMatch(/relulab_token=.*HttpOnly; SameSite=Strict/);
    expect(String(reply.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('answers 401 without the token and with a wrong one', async () => {
    expect((await get(host.port, '/')).status).toBe(401);
    expect((await get(host.port, '/?token=wrong')).status).toBe(401);
    expect((await get(host.port, '/assets/x.js', { cookie: 'relulab_token=wrong' })).status).toBe(401);
  });

  it('accepts the cookie for assets', async () => {
    expect((await get(host.port, '/index.html', { cookie: `relulab_token=${host.token}` })).status).toBe(200);
  });

  it('answers 403 to a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await get(host.port, `/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, `/?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('checks Host, Origin and token on the WebSocket upgrade too', async () => {
    expect(await upgrade(host.port, '')).toMatchObject({ opened: false, status: 401 });
    expect(await upgrade(host.port, `?token=${host.token}`, { origin: 'http://evil.example' })).toMatchObject({ opened: false, status: 403 });
    expect(await upgrade(host.port, `?token=${host.token}`, { host: `attacker.test:${host.port}` })).toMatchObject({ opened: false, status: 403 });
    const good = await upgrade(host.port, `?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
    expect(good.opened).toBe(true);
    good.ws!.close();
  });

  it('runs the services over the socket and pushes run events', async () => {
    const { ws } = await upgrade(host.port, `?token=${host.token}`);
    const events: unknown[] = [];
    ws!.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as { event?: unknown };
      if (m.event) events.push(m.event);
    });
    const started = (await call(ws!, 1, 'runs', 'start', [{ dataset: 'xor', method: 'linear-regression' }])) as { ok: boolean; result: { id: string } };
    expect(started.ok).toBe(true);
    await context.services.runs.whenFinished(started.result.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toContainEqual({ type: 'run-status', runId: started.result.id, status: 'completed' });
    const bad = (await call(ws!, 2, 'runs', 'start', [{ dataset: 'xor' }])) as { ok: boolean; error: { message: string } };
    expect(bad.ok).toBe(false);
    expect(bad.error.message).toMatch(/method/);
    ws!.close();
  });
});
