import type { AppEvent, ServiceName } from './index';
import type { WireError } from './errors';

/** Both transports carry these envelopes, so the renderer unwraps one shape. */
export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };

export interface WireRequest {
  id: number;
  service: ServiceName;
  method: string;
  args: unknown[];
}

export type WireMessage = ({ id: number } & Envelope) | { event: AppEvent };

/** What the Electron preload puts on `window.relulab`: the contract's methods and an event feed. */
export interface PreloadBridge {
  api: { [S in ServiceName]: Record<string, (...args: unknown[]) => Promise<Envelope>> };
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export const WS_PATH = '/api';
export const TOKEN_COOKIE = 'relulab_token';
export const MAX_WS_MESSAGE_BYTES = 64 * 1024 * 1024;
