import { computed, reactive } from 'vue';
import { methodParamSchemas } from '../../shared/domain/methods';
import { expandSweep, groupLabel, MAX_SWEEP_RUNS, sweepParamsSchema, type SweepParams } from '../../shared/domain/params/sweep';
import { checkParams, defined, errorsByPath, numberFromText, type FieldErrors, type ParamsCheck } from '../forms/fields';
import type { LogisticForm } from './useLogisticForm';
import type { MlpForm } from './useMlpForm';

/** Methods a sweep can run from this form: the ones with a parameter form of their own. */
export const sweepInnerMethods = ['mlp-gd', 'logistic-regression'] as const;
export type SweepInnerMethod = (typeof sweepInnerMethods)[number];

export interface GridRowDraft {
  key: number;
  /** Dotted path into the base params, e.g. "optimizer.lr" or "layers.0.activation". */
  path: string;
  /** Comma-separated JSON values, e.g. `0.1, 0.01` or `"relu", "tanh"`. */
  values: string;
}

export interface SweepDraft {
  method: SweepInnerMethod;
  seeds: string;
  stuckBelow: string;
  grid: GridRowDraft[];
}

// Checking every grid combination against the inner schema is cheap, but not for thousands on each keystroke.
const MAX_COMBINATIONS_CHECKED = 200;

let nextRowKey = 1;

/**
 * Reads `0.1, 0.01`, `"sgd", "adam"` or `{"name": "adam"}, {"name": "sgd", "lr": 0.1}` as JSON;
 * bare words (`relu, tanh`) are taken as strings, since that is what people type.
 */
export function parseGridValues(text: string): { ok: true; values: unknown[] } | { ok: false; error: string } {
  if (!text.trim()) return { ok: false, error: 'Give at least one value.' };
  try {
    const values = JSON.parse(`[${text}]`) as unknown[];
    return { ok: true, values };
  } catch {
    const items = text.split(',').map((item) => item.trim());
    const values: unknown[] = [];
    for (const item of items) {
      if (!item) return { ok: false, error: 'An empty value between commas.' };
      try {
        values.push(JSON.parse(item));
      } catch {
        if (!/^[\w.+-]+$/.test(item)) return { ok: false, error: `Cannot read ${item}: write values as JSON, e.g. 0.1, "relu", {"name": "adam"}.` };
        values.push(item);
      }
    }
    return { ok: true, values };
  }
}

export function useSweepForm(inner: { mlp: MlpForm; logistic: LogisticForm }) {
  const draft = reactive<SweepDraft>({ method: 'mlp-gd', seeds: '100', stuckBelow: '', grid: [] });

  const innerCheck = computed(() => (draft.method === 'mlp-gd' ? inner.mlp.check.value : inner.logistic.check.value));
  /** Logistic regression has no random start: seeds would only repeat the same run. */
  const seedable = computed(() => draft.method === 'mlp-gd');

  function addGridRow(): void {
    draft.grid.push({ key: nextRowKey++, path: '', values: '' });
  }

  function removeGridRow(index: number): void {
    draft.grid.splice(index, 1);
  }

  const parsedGrid = computed(() => {
    const errors: FieldErrors = {};
    const grid: Record<string, unknown[]> = {};
    draft.grid.forEach((row, index) => {
      const path = row.path.trim();
      if (!path) errors[`grid.${index}.path`] = 'Name a parameter, e.g. optimizer.lr.';
      else if (path in grid) errors[`grid.${index}.path`] = 'This parameter is already in the grid.';
      const parsed = parseGridValues(row.values);
      if (!parsed.ok) errors[`grid.${index}.values`] = parsed.error;
      else if (path && !(path in grid)) grid[path] = parsed.values;
    });
    return { grid, errors };
  });

  const params = computed<Record<string, unknown>>(() =>
    defined({
      method: draft.method,
      params: innerCheck.value.params,
      grid: draft.grid.length ? parsedGrid.value.grid : undefined,
      seeds: seedable.value ? numberFromText(draft.seeds) : undefined,
      stuckBelowAccuracy: numberFromText(draft.stuckBelow),
    }),
  );

  const parsedSweep = computed(() => sweepParamsSchema.safeParse(params.value));

  /** Runs the sweep will make: grid combinations times seeds. */
  const runCount = computed(() => {
    const combinations = Object.values(parsedGrid.value.grid).reduce((product, values) => product * values.length, 1);
    const seeds = seedable.value ? numberFromText(draft.seeds) : undefined;
    return combinations * (seeds !== undefined && Number.isInteger(seeds) && seeds > 0 ? seeds : 1);
  });

  /** A grid value the inner method rejects, reported at the grid row that set it. */
  function combinationErrors(sweep: SweepParams): FieldErrors {
    const schema = methodParamSchemas[draft.method];
    const combinations = expandSweep({ ...sweep, seeds: undefined }).slice(0, MAX_COMBINATIONS_CHECKED);
    for (const combination of combinations) {
      const parsed = schema.safeParse(combination.params);
      if (parsed.success) continue;
      const issue = parsed.error.issues[0]!;
      const issuePath = issue.path.map(String).join('.');
      const index = draft.grid.findIndex((row) => row.path.trim() && (issuePath === row.path.trim() || issuePath.startsWith(`${row.path.trim()}.`)));
      const message = `With ${groupLabel(combination.group)}: ${issuePath ? `${issuePath}: ` : ''}${errorsByPath([issue])[issuePath] ?? issue.message}`;
      return { [index >= 0 ? `grid.${index}.values` : 'grid']: message };
    }
    return {};
  }

  const check = computed<ParamsCheck>(() => {
    const errors: FieldErrors = { ...parsedGrid.value.errors };
    if (runCount.value > MAX_SWEEP_RUNS) errors.seeds = `This makes ${runCount.value} runs; the limit is ${MAX_SWEEP_RUNS}. Use fewer seeds or grid values.`;
    const sweep = parsedSweep.value;
    const result = checkParams(sweepParamsSchema, params.value, errors);
    if (sweep.success && innerCheck.value.ok && !Object.keys(errors).length) Object.assign(result.errors, combinationErrors(sweep.data));
    // The base parameters show their own errors in the inner form; here they only block the start.
    if (!innerCheck.value.ok) result.errors.params ??= 'Correct the base parameters above.';
    result.ok = Object.keys(result.errors).length === 0;
    return result;
  });

  return { draft, check, seedable, runCount, addGridRow, removeGridRow };
}

export type SweepForm = ReturnType<typeof useSweepForm>;
