import { randomBytes } from 'node:crypto';

/** Short ids that sort by creation time and are easy to type in the CLI. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const random = randomBytes(4).readUInt32BE(0).toString(36).padStart(7, '0');
  return `${prefix}${time}${random}`;
}
