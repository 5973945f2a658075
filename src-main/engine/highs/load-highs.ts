import loadHighsModule, { type Highs } from 'highs';

let instance: Promise<Highs> | null = null;

/**
 * One HiGHS WebAssembly runtime per thread, loaded on first use. Only worker threads call this:
 * a solve is synchronous and would freeze the main process.
 */
export function loadHighs(): Promise<Highs> {
  instance ??= loadHighsModule();
  return instance;
}

/**
 * After the WebAssembly runtime trapped or aborted its state cannot be trusted: drop it so the
 * next job in this thread loads a fresh one.
 */
export function resetHighs(): void {
  instance = null;
}

export function highsVersion(highs: Highs): string {
  const v = highs.version;
  return `HiGHS ${v.major}.${v.minor}.${v.patch}`;
}
