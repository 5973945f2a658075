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

describe('web host limits', () => {
  let context: ReturnType<typeof testContext>;
  let host: RunningHost;
  beforeAll(async () => {
    context = testContext({ mode: 'browser' });
    const rendererDir = path.join(path.dirname(context.dbPath), 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><div id="app"></div>');
    host = await startHost({ context, rendererDir, maxMessageBytes: 64 * 1024, maxBufferedBytes: 1024 * 1024 });
  });
  afterAll(async () => {
    await host.close();
    await context.dispose();
  });

  it('closes a socket that sends a message over the size limit (1009), other clients unaffected', async () => {
    const { ws: big } = await upgrade(host.port, `?token=${host.token}`);
    const { ws: other } = await upgrade(host.port, `?token=${host.token}`);
    const closed = new Promise<number>((resolve) => big!.on('close', (code) => resolve(code)));
    big!.send(JSON.stringify({ id: 1, service: 'runs', method: 'list', args: [{ search: 'x'.repeat(100 * 1024) }] }));
    expect(await closed).toBe(1009);
    const reply = (await call(other!, 7, 'runs', 'list', [{}])) as { ok: boolean };
    expect(reply.ok).toBe(true);
    other!.close();
  });

  it('drops a client that stops reading once its backlog passes the limit, without affecting others', async () => {
    const { ws: stalled } = await upgrade(host.port, `?token=${host.token}`);
    const { ws: healthy } = await upgrade(host.port, `?token=${host.token}`);
    let healthyEvents = 0;
    healthy!.on('message', () => healthyEvents++);
    let stalledEvents = 0;
    stalled!.on('message', () => stalledEvents++);
    const dropped = new Promise<void>((resolve) => stalled!.on('close', () => resolve()));
    // The stalled client's TCP socket stops reading: the server's send queue for it only grows.
    const socket = (stalled as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const message = 'y'.repeat(64 * 1024);
    let sent = 0;
    // 64 MB of events: far past the 1 MB limit plus whatever the kernel buffers on loopback.
    while (sent < 1024) {
      for (let i = 0; i < 16; i++, sent++) context.events.emit({ type: 'run-progress', runId: 'flood', fraction: null, message, elapsedMs: sent });
      await new Promise((r) => setTimeout(r, 2));
    }
    // Reading again, the client finds the server has hung up on it.
    socket.resume();
    await Promise.race([dropped, new Promise((_, reject) => setTimeout(() => reject(new Error('the stalled client was never dropped')), 20_000))]);
    expect(stalledEvents).toBeLessThan(sent);
    console.log(`stalled client dropped after ${sent} events of 64 KiB; the healthy client received ${healthyEvents}`);
    expect(healthyEvents).toBeGreaterThan(0);
    const reply = (await call(healthy!, 8, 'app', 'info', [])) as { ok: boolean };
    expect(reply.ok).toBe(true);
    healthy!.close();
  });
});
