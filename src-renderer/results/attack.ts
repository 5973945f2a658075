import type { RunRecord, RunStatus, RunSummary } from '../../shared/domain/run';
import { formatNumber } from '../format/numbers';

/**
 * What an `adversarial` run stores in `result` (src-main/workers/jobs/adversarial.ts), read
 * defensively like the rest of results/: a field of another shape comes back as null.
 */
export interface AttackLocalDetails {
  iterations: number | null;
  trustRadius: number | null;
  violation: number | null;
  stopReason: string | null;
  message: string | null;
}

export interface AttackWitness {
  predicted: number;
  margin: number;
  required: number;
  valid: boolean;
  logits: number[];
}

export interface AttackDetails {
  formulation: string | null;
  norm: string | null;
  /** The engine's own account of the outcome. */
  message: string | null;
  originalPredicted: number | null;
  originalLogits: number[] | null;
  /** Local solver: the formulation's own solve, or the MIP's starting solve. */
  local: AttackLocalDetails | null;
  x: number[] | null;
  x0: number[] | null;
  label: number | null;
  witness: AttackWitness | null;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((cell) => typeof cell === 'number');
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function localOf(value: unknown): AttackLocalDetails | null {
  if (!value || typeof value !== 'object') return null;
  const local = value as Record<string, unknown>;
  return {
    iterations: numberOrNull(local.iterations),
    trustRadius: numberOrNull(local.trustRadius),
    violation: numberOrNull(local.violation),
    stopReason: stringOrNull(local.stopReason),
    message: stringOrNull(local.message),
  };
}

function witnessOf(value: unknown): AttackWitness | null {
  if (!value || typeof value !== 'object') return null;
  const w = value as Record<string, unknown>;
  const predicted = numberOrNull(w.predicted);
  const margin = numberOrNull(w.margin);
  const required = numberOrNull(w.required);
  if (predicted === null || margin === null || required === null || typeof w.valid !== 'boolean') return null;
  return { predicted, margin, required, valid: w.valid, logits: isNumberArray(w.logits) ? w.logits : [] };
}

export function attackDetailsOf(run: RunRecord): AttackDetails | null {
  if (run.method !== 'adversarial' || !run.result) return null;
  const details = run.result.details ?? {};
  const solution = run.result.solution;
  return {
    formulation: stringOrNull(details.formulation) ?? stringOrNull(run.params.formulation),
    norm: stringOrNull(details.norm) ?? stringOrNull(run.params.norm),
    message: stringOrNull(details.message),
    originalPredicted: numberOrNull(details.originalPredicted),
    originalLogits: isNumberArray(details.originalLogits) ? details.originalLogits : null,
    local: localOf(details.local),
    x: isNumberArray(solution?.x) ? solution.x : null,
    x0: isNumberArray(solution?.x0) ? solution.x0 : null,
    label: numberOrNull(solution?.label),
    witness: witnessOf(run.result.witness),
  };
}

/** Local formulations stop at a point where nothing nearby is better: no guarantee about the rest of the box. */
export function isLocalFormulation(formulation: string | null | undefined): boolean {
  return formulation === 'sqrt-relu' || formulation === 'softplus';
}

/** "MIP", "LP relaxation", "sqrt-ReLU", "softplus β = 5": the names the comparison table uses. */
export function formulationTitle(params: Record<string, unknown>): string {
  switch (params.formulation ?? 'mip') {
    case 'mip':
      return 'MIP';
    case 'lp-relaxation':
      return 'LP relaxation';
    case 'sqrt-relu':
      return 'sqrt-ReLU';
    case 'softplus':
      return `softplus β = ${typeof params.beta === 'number' ? formatNumber(params.beta) : '1'}`;
    default:
      return String(params.formulation);
  }
}

/** ‖δ‖₁ or ‖δ‖∞, so that every objective says which distance it is. */
export function normSymbol(norm: string | null | undefined): string {
  return norm === 'linf' ? '‖δ‖∞' : '‖δ‖₁';
}

export type AttackOutcomeKind = 'proven-optimal' | 'lower-bound' | 'best-found' | 'local' | 'infeasible' | 'stopped';

export interface AttackOutcome {
  kind: AttackOutcomeKind;
  /** good: a proven answer; caveat: an answer without a proof; bad: no answer. */
  tone: 'good' | 'caveat' | 'bad';
  headline: string;
  explanation: string;
}

function gapWords(gap: number | undefined): string {
  return gap === undefined || !Number.isFinite(gap) ? 'an unknown gap' : `a gap of ${(gap * 100).toFixed(gap < 0.01 ? 2 : 1)} %`;
}

/** The run's end in words; null while it runs (the progress bar speaks) and when it failed (the error box does). */
export function attackOutcomeOf(run: RunRecord, details: AttackDetails | null): AttackOutcome | null {
  if (run.method !== 'adversarial') return null;
  const explanation = details?.message ?? run.error ?? '';
  const { objective, bound, gap } = run.metrics;
  const norm = normSymbol(details?.norm);
  const distance = objective === undefined ? 'no perturbation' : `${norm} = ${formatNumber(objective)}`;
  const formulation = details?.formulation ?? String(run.params.formulation ?? 'mip');
  const local = isLocalFormulation(formulation);
  switch (run.status) {
    case 'optimal':
      if (formulation === 'lp-relaxation') {
        return {
          kind: 'lower-bound',
          tone: 'good',
          headline: `Certified lower bound: every attack needs ${norm} ≥ ${formatNumber(bound ?? objective)} (LP relaxation solved to optimality). Its point need not fool the network.`,
          explanation,
        };
      }
      return { kind: 'proven-optimal', tone: 'good', headline: `Proven optimal: the smallest perturbation has ${distance}.`, explanation };
    case 'time-limit':
      return objective === undefined
        ? { kind: 'stopped', tone: 'bad', headline: 'Time limit reached: no perturbation found yet.', explanation }
        : {
            kind: 'best-found',
            tone: 'caveat',
            headline: `Time limit reached: best perturbation found has ${distance}, ${gapWords(gap)} to the proven bound ${formatNumber(bound)}; not proven optimal.`,
            explanation,
          };
    case 'local-optimum':
    case 'iteration-limit':
      return {
        kind: 'local',
        tone: 'caveat',
        headline: `LOCAL answer (${run.status === 'iteration-limit' ? 'iteration limit reached' : 'local optimum'}): ${distance}. A local formulation's answer has no optimality guarantee: a smaller perturbation may exist.`,
        explanation,
      };
    case 'infeasible':
      return { kind: 'infeasible', tone: 'bad', headline: 'Infeasible: no perturbation within the search region meets the criterion.', explanation };
    case 'cancelled':
    case 'interrupted':
      return objective === undefined ? null : { kind: 'stopped', tone: 'caveat', headline: `Stopped early: best perturbation so far has ${distance}; not proven ${local ? 'even locally ' : ''}optimal.`, explanation };
    default:
      return null;
  }
}

/** One row of the comparison table. Numbers are null when the run has none (yet). */
export interface AttackComparisonRow {
  id: string;
  name: string;
  formulation: string;
  local: boolean;
  status: RunStatus;
  objective: number | null;
  timeMs: number | null;
  bound: number | null;
  /** Relative MIP gap, in per cent. */
  gapPercent: number | null;
  /** (obj / obj_MIP − 1) · 100. */
  gapToMipPercent: number | null;
  variables: number | null;
  constraints: number | null;
  binaries: number | null;
  stableNeurons: number | null;
  unstableNeurons: number | null;
  witnessPredicted: number | null;
  witnessMargin: number | null;
  /** null: no witness (no point found, or the run has not finished). */
  valid: boolean | null;
}

// Solver round-off (1e-14 %) is no gap: show it as 0.
const GAP_NOISE_PERCENT = 1e-6;

/** (obj / obj_MIP − 1) · 100; null without a proven MIP optimum of the same question. */
function gapToMip(objective: number | null, reference: number | undefined): number | null {
  if (objective === null || reference === undefined) return null;
  if (reference <= 0) return objective === reference ? 0 : null;
  const percent = (objective / reference - 1) * 100;
  return Math.abs(percent) < GAP_NOISE_PERCENT ? 0 : percent;
}

/** The runs that ask the same question (network, input, norm, criterion, margin): only their objectives compare. */
export function attackQuestionKey(params: Record<string, unknown>): string {
  const { network, sample, split, input, label, norm, criterion, margin } = params;
  return JSON.stringify([network, sample, split ?? 'test', input, label, norm ?? 'l1', criterion ?? 'all-others', margin ?? 0.01]);
}

/**
 * The rows for the experiment's attacks, in the order given. `records` holds the full runs
 * fetched so far (for params and witness); a summary alone still gives the metrics.
 */
export function attackComparisonRows(summaries: readonly RunSummary[], records: Readonly<Record<string, RunRecord>>): AttackComparisonRow[] {
  const num = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  // The exact optimum of each question: the reference every other formulation is measured against.
  const mipObjective = new Map<string, number>();
  for (const summary of summaries) {
    const record = records[summary.id];
    if (record?.params.formulation === 'mip' && record.status === 'optimal' && num(record.metrics.objective) !== null) {
      mipObjective.set(attackQuestionKey(record.params), record.metrics.objective!);
    }
  }
  return summaries.map((summary) => {
    const record = records[summary.id];
    const params = record?.params ?? {};
    const m = (record ?? summary).metrics;
    const objective = num(m.objective);
    const reference = record ? mipObjective.get(attackQuestionKey(params)) : undefined;
    const witness = record ? witnessOf(record.result?.witness) : null;
    return {
      id: summary.id,
      name: summary.name,
      formulation: record ? formulationTitle(params) : summary.name,
      local: isLocalFormulation(params.formulation as string | undefined),
      status: (record ?? summary).status,
      objective,
      timeMs: num(m.timeMs) ?? num(summary.timings.totalMs),
      bound: num(m.bound),
      gapPercent: num(m.gap) === null ? null : m.gap! * 100,
      gapToMipPercent: gapToMip(objective, reference),
      variables: num(m.variables),
      constraints: num(m.constraints),
      binaries: num(m.binaries),
      stableNeurons: num(m.stableNeurons),
      unstableNeurons: num(m.unstableNeurons),
      witnessPredicted: witness?.predicted ?? null,
      witnessMargin: witness?.margin ?? num(m.witnessMargin),
      valid: witness ? witness.valid : m.witnessValid === undefined ? null : m.witnessValid === 1,
    };
  });
}
