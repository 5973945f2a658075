function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : inline(item))).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * JSON that keeps anything fitting in `width` characters on one line, so that
 * matrices read as rows instead of one number per line.
 */
export function compactJson(value: unknown, width = 100, indent = ''): string {
  const flat = inline(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((item) => inner + compactJson(item, width, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (!entries.length) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, width, inner)}`).join(',\n')}\n${indent}}`;
}

function numericLeaves(value: unknown): number {
  if (typeof value === 'number') return 1;
  return Array.isArray(value) ? value.reduce((sum: number, item) => sum + numericLeaves(item), 0) : 0;
}

function shape(value: unknown): string {
  const sides: number[] = [];
  for (let level = value; Array.isArray(level); level = level[0]) sides.push(level.length);
  return sides.join(' × ');
}

/** Replaces arrays of more than `limit` numbers by their shape, so that big networks print in a few lines. */
export function summariseLargeArrays(value: unknown, limit = 64): unknown {
  if (Array.isArray(value)) {
    if (numericLeaves(value) > limit) return `‹${shape(value)} numbers›`;
    return value.map((item) => summariseLargeArrays(item, limit));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, summariseLargeArrays(item, limit)]));
  }
  return value;
}
