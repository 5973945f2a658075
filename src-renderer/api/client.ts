import { contractArgs, type AppEvent, type ServiceName, type Services } from '../../shared/contracts';
import { fromWireError, ServiceError } from '../../shared/contracts/errors';
import { WS_PATH, type Envelope, type PreloadBridge, type WireMessage, type WireRequest } from '../../shared/contracts/wire';

type Invoke = (service: ServiceName, method: string, args: unknown[]) => Promise<Envelope>;
type Listener = (event: AppEvent) => void;

declare global {
  interface Window {
    relulab?: PreloadBridge;
  }
}

function unwrap<T>(envelope: Envelope): T {
  if (envelope.ok) return envelope.result as T;
  throw fromWireError(envelope.error);
}

function buildServices(invoke: Invoke): Services {
  const services = {} as Record<ServiceName, Record<string, (...args: unknown[]) => Promise<unknown>>>;
  for (const service of Object.keys(contractArgs) as ServiceName[]) {
    services[service] = {};
    for (const method of Object.keys(contractArgs[service])) {
      services[service][method] = async (...args: unknown[]) => unwrap(await invoke(service, method, args));
    }
  }
  return services as unknown as Services;
}

function browserToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('relulab-token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('relulab-token') ?? '';
}

/** WebSocket transport for browser mode: one socket, reconnecting, requests matched by id. */
function webSocketTransport(listeners: Set<Listener>): Invoke {
  const pending = new Map<number, (envelope: Envelope) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const url = new URL(WS_PATH, window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.search = `?token=${encodeURIComponent(browserToken())}`;
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new ServiceError('unavailable', 'Cannot reach the ReLU Lab host. Is `npm run serve` still running?'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const [id, settle] of pending) {
          pending.delete(id);
          settle({ ok: false, error: { code: 'unavailable', message: 'The connection to the ReLU Lab host was closed; reload the page to reconnect.' } });
        }
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as WireMessage;
        if ('event' in data) {
          for (const listener of listeners) listener(data.event);
          return;
        }
        pending.get(data.id)?.(data);
        pending.delete(data.id);
      };
    });
    return opened;
  }

  return async (service, method, args) => {
    const ws = socket ?? (await connect());
    const request: WireRequest = { id: nextId++, service, method, args };
    return new Promise<Envelope>((resolve) => {
      pending.set(request.id, resolve);
      ws.send(JSON.stringify(request));
    });
  };
}

function createClient(): { api: Services; onEvent(listener: Listener): () => void; transport: 'ipc' | 'websocket' } {
  const bridge = window.relulab;
  if (bridge) {
    return {
      api: buildServices((service, method, args) => {
        const fn = bridge.api[service]?.[method];
        if (!fn) return Promise.resolve({ ok: false, error: { code: 'internal', message: `${service}.${method} is not exposed by the preload` } });
        return fn(...args);
      }),
      onEvent: (listener) => bridge.onEvent(listener),
      transport: 'ipc',
    };
  }
  const listeners = new Set<Listener>();
  const invoke = webSocketTransport(listeners);
  return {
    api: buildServices(invoke),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    transport: 'websocket',
  };
}

export const client = createClient();
