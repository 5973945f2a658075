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
