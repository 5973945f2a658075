import os from 'node:os';
import path from 'node:path';

/** Where the desktop app keeps its history; the CLI and web host use the same file by default. */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'relulab');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'relulab');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'relulab');
}

export function resolveDbPath(flag: string | undefined): string {
  return flag ?? process.env.RELULAB_DB ?? path.join(defaultDataDir(), 'relulab.db');
}
