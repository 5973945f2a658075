/** Four significant digits, switching to exponent form where fixed notation would hide the value. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e6) return value.toExponential(digits - 2);
  return String(Number(value.toPrecision(digits)));
}

// Wide layers would make table cells as long as the screen; the rest is summarised.
const MAX_VECTOR_ENTRIES = 6;

export function formatVector(values: readonly number[], digits = 3): string {
  const shown = values.slice(0, MAX_VECTOR_ENTRIES).map((value) => formatNumber(value, digits));
  if (values.length > MAX_VECTOR_ENTRIES) shown.push(`… ${values.length - MAX_VECTOR_ENTRIES} more`);
  return `[${shown.join(', ')}]`;
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)} %`;
}

/** Accuracies (training, test) and MIP gaps are fractions shown as percentages; every other metric as a plain number. */
export function formatMetric(name: string, value: number | undefined): string {
  // A solver's relative MIP gap reads as a percentage, like its log prints it.
  if (/accuracy$/i.test(name) || name === 'gap') return formatPercent(value);
  // Counts (epochs, iterations, runs) read better in full than as 8.68e+6.
  if (value !== undefined && Number.isSafeInteger(value)) return value.toLocaleString('en');
  return formatNumber(value);
}

/** "testAccuracy" → "test accuracy", "stop_loss" → "stop loss", "l1Error" → "l1 error". */
export function metricLabel(name: string): string {
  return name
    .replace(/[_-]/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
