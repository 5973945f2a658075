// `npm start`: the desktop app when Electron's binary is installed, browser mode otherwise.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const passThrough = process.argv.slice(2);

let electron = null;
try {
  const binary = require('electron');
  if (typeof binary === 'string' && existsSync(binary)) electron = binary;
} catch {
  electron = null;
}
const nativeReady = existsSync(path.join(root, 'native', 'electron', 'better_sqlite3.node'));

let child;
if (electron && nativeReady) {
  child = spawn(electron, [root, ...passThrough], { stdio: 'inherit' });
} else {
  const why = electron ? 'better-sqlite3 has no Electron build (run npm run setup)' : "Electron's binary is not installed";
  console.log(`Desktop app unavailable (${why}); starting browser mode instead.`);
  child = spawn(process.execPath, [path.join(root, 'out', 'main', 'cli.cjs'), 'serve', ...passThrough], { stdio: 'inherit' });
}
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
