/** Grid values as people write them: `adam`, `{name: adam, lr: 0.05}` — JSON's quotes only add noise in a label. */
export function gridValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(gridValueText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}: ${gridValueText(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** One line per grid parameter of a sweep group, so that long combinations stay readable. */
export function groupLines(values: Record<string, unknown>): string[] {
  const entries = Object.entries(values);
  if (!entries.length) return ['all runs'];
  return entries.map(([path, value]) => `${path} = ${gridValueText(value)}`);
}
