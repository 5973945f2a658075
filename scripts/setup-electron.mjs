// After `npm ci` (with ELECTRON_SKIP_BINARY_DOWNLOAD=1): try to fetch Electron's binary on its own,
// then an Electron-ABI build of better-sqlite3 kept apart from the Node build. Either may be
// impossible offline; the app then runs in browser mode, and this says so in one line.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  const install = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  if (install.status !== 0 || !electronBinary()) {
    const reason = (install.stderr || install.stdout || 'timed out').split('\n').find((l) => l.trim()) ?? 'unknown error';
    console.log(`Electron's binary is not available here (${reason.trim().slice(0, 160)}); the desktop app is off, browser mode (npm run serve) works.`);
    process.exit(0);
  }
}

// Electron has its own Node ABI: build better-sqlite3 for it into native/electron/, leaving the Node build alone.
const target = path.join(root, 'native', 'electron', 'better_sqlite3.node');
if (existsSync(target)) process.exit(0);
const scratch = path.join(root, 'native', 'electron-build');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(path.join(scratch, 'node_modules'), { recursive: true });
// Rebuild a copy, so the Node build in node_modules/ (CLI, web host, tests) stays as it is.
for (const dep of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
  cpSync(path.join(root, 'node_modules', dep), path.join(scratch, 'node_modules', dep), { recursive: true });
}
writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
const electronVersion = require('electron/package.json').version;
// @electron/rebuild is fetched only here: it pulls a git-hosted node-gyp, which an offline `npm ci` cannot.
const rebuild = spawnSync('npx', ['--yes', '@electron/rebuild@3', '-f', '-w', 'better-sqlite3', '-m', scratch, '-v', electronVersion], {
  encoding: 'utf8',
  timeout: 600_000,
});
const built = path.join(scratch, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (rebuild.status === 0 && existsSync(built)) {
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(built, target);
  console.log('Electron is available; better-sqlite3 was built for its ABI in native/electron/.');
} else {
  console.log('Electron is available, but better-sqlite3 could not be built for its ABI (Electron headers unreachable?); use browser mode (npm run serve).');
}
