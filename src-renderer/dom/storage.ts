/**
 * Small preferences kept in localStorage (theme, chosen columns, the comparison selection).
 * Storage can be missing or full (private windows, a locked-down desktop profile): the app then
 * just forgets between sessions instead of failing, so every access is guarded.
 */
const PREFIX = 'relulab.';

/** The localStorage key a preference is kept under, for matching `storage` events from other windows. */
export function storageKeyOf(key: string): string {
  return PREFIX + key;
}

/** The stored value under `key`, if it parses and passes `accept`; otherwise `fallback`. */
export function readStored<T>(key: string, accept: (value: unknown) => value is T, fallback: T): T {
  try {
    const text = window.localStorage.getItem(PREFIX + key);
    if (text === null) return fallback;
    const value: unknown = JSON.parse(text);
    return accept(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Not remembered this time; nothing the user needs to act on.
  }
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}
