import { readFileSync } from 'node:fs';
import { ServiceError } from '../../shared/contracts/errors';

/**
 * `--param key=value`: the value is read as JSON when it parses (numbers, arrays, objects),
 * as a string otherwise; `key=@file.json` reads the value from a JSON file; dotted keys nest.
 */
export function parseParamFlags(flags: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new ServiceError('invalid-input', `--param '${flag}' must look like key=value`);
    const key = flag.slice(0, eq);
    const raw = flag.slice(eq + 1);
    let value: unknown;
    if (raw.startsWith('@')) {
      const file = raw.slice(1);
      try {
        value = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new ServiceError('invalid-input', `--param ${key}: cannot read JSON from ${file}: ${(error as Error).message}`);
      }
    } else {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    const parts = key.split('.');
    let target = params;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = value;
  }
  return params;
}
