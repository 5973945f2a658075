import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contractMethods, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, type AppEvent, type ServiceName } from '../../shared/contracts';
import type { Envelope, PreloadBridge } from '../../shared/contracts/wire';

// Exactly the contract's methods, each bound to its own channel: no raw ipcRenderer reaches the page.
const api = {} as PreloadBridge['api'];
for (const { service, method } of contractMethods()) {
  (api[service as ServiceName] ??= {})[method] = (...args: unknown[]) =>
    ipcRenderer.invoke(`${IPC_INVOKE_PREFIX}${service}.${method}`, ...args) as Promise<Envelope>;
}

const bridge: PreloadBridge = {
  api,
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: AppEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('relulab', bridge);
