import type { RunRecord, RunSummary } from './run';

function isNumericTensor(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' || isNumericTensor(v));
}

/**
 * A run's parameters as dotted paths → values, e.g. {"optimizer.lr": 0.1, "layers.0.units": 2}.
 * Weight matrices and vectors stay whole: a reader does not compare their entries one by one.
 */
export function flattenParams(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !isNumericTensor(value)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) flattenParams(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

export interface ParamDiffRow {
  path: string;
  /** One value per run, in the order given (undefined when a run lacks the parameter). */
  values: unknown[];
  /** For numbers: value − baseline value, per run. */
  deltas: (number | null)[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The parameters that differ between runs ("only differences"), with each run's delta against
 * the baseline run (index `baseline`) where both values are numbers.
 */
export function parameterDiff(runs: Pick<RunRecord, 'method' | 'dataset' | 'datasetVersion' | 'params'>[], baseline = 0, onlyDifferences = true): ParamDiffRow[] {
  const flat = runs.map((r) => ({ method: r.method, dataset: `${r.dataset}@${r.datasetVersion}`, ...flattenParams(r.params) }));
  const paths = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort((a, b) => (a === 'method' ? -1 : b === 'method' ? 1 : a === 'dataset' ? -1 : b === 'dataset' ? 1 : a.localeCompare(b)));
  const rows: ParamDiffRow[] = [];
  for (const path of paths) {
    const values = flat.map((f) => (f as Record<string, unknown>)[path]);
    if (onlyDifferences && values.every((v) => same(v, values[0]))) continue;
    const base = values[baseline];
    rows.push({ path, values, deltas: values.map((v) => (typeof v === 'number' && typeof base === 'number' ? v - base : null)) });
  }
  return rows;
}

export const comparisonColumns = [
  { key: 'name', title: 'Run' },
  { key: 'method', title: 'Method' },
  { key: 'keyParams', title: 'Key parameters' },
  { key: 'status', title: 'Status' },
  { key: 'accuracy', title: 'Accuracy' },
  { key: 'testAccuracy', title: 'Test accuracy' },
  { key: 'loss', title: 'Loss' },
  { key: 'connections', title: 'Connections' },
  { key: 'objective', title: 'Objective' },
  { key: 'bound', title: 'Bound' },
  { key: 'gap', title: 'Gap' },
  { key: 'timeMs', title: 'Time (ms)' },
] as const;
export type ComparisonKey = (typeof comparisonColumns)[number]['key'];
export type ComparisonRow = Record<ComparisonKey, string | number | null> & { id: string };

/** The few parameters that tell runs of one method apart at a glance. */
export function keyParams(run: Pick<RunSummary, 'method'> & { params?: Record<string, unknown> }): string {
  const p = run.params ?? {};
  const pick = (...paths: string[]) => {
    const flat = flattenParams(p);
    return paths
      .filter((k) => flat[k] !== undefined)
      .map((k) => `${k.split('.').pop()}=${typeof flat[k] === 'object' ? JSON.stringify(flat[k]) : String(flat[k])}`)
      .join(', ');
  };
  switch (run.method) {
    case 'mlp-gd': {
      const layers = (p.layers as { units: number; activation: string }[] | undefined) ?? [];
      const shape = layers.map((l) => `${l.units} ${l.activation}`).join(' → ');
      return [shape, pick('optimizer.name', 'optimizer.lr', 'epochs', 'rng.seed')].filter(Boolean).join('; ');
    }
    case 'logistic-regression':
      return pick('C', 'solver');
    case 'linear-regression':
      return pick('threshold');
    case 'milp-train':
      return pick('width', 'mode', 'weightBound', 'biasBound', 'symmetryBreaking');
    case 'adversarial':
      return pick('formulation', 'norm', 'criterion', 'tightening', 'beta', 'sample');
    case 'sweep':
      return `${String(p.method)} × ${p.seeds ?? 1} seeds${p.grid ? ` over ${Object.keys(p.grid as object).join(', ')}` : ''}`;
    default:
      return '';
  }
}

export function comparisonRow(run: RunSummary & { params?: Record<string, unknown> }): ComparisonRow {
  const m = run.metrics;
  const num = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    id: run.id,
    name: run.name,
    method: run.method,
    keyParams: keyParams(run),
    status: run.status,
    accuracy: num(m.accuracy),
    testAccuracy: num(m.testAccuracy),
    loss: num(m.loss),
    connections: num(m.connections),
    objective: num(m.objective),
    bound: num(m.bound),
    gap: num(m.gap),
    timeMs: num(run.timings.totalMs),
  };
}
