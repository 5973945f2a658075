import type { DatasetData } from '../../shared/domain/dataset';
import type { Network } from '../../shared/domain/network';
import type { RunRecord } from '../../shared/domain/run';
import { formatNumber } from '../format/numbers';

/**
 * What a `milp-train` run stores in `result.details` (src-main/workers/jobs/milp-train.ts), read
 * defensively like the rest of results/: a field of another shape comes back as null.
 */
export interface MilpDetails {
  provenOptimal: boolean;
  /** The engine's own account of the outcome: why infeasible, why not verified, the gap, … */
  message: string | null;
  /** activationPattern[i][n]: hidden neuron i is active on training sample n. */
  activationPattern: boolean[][] | null;
  /** The returned network's output on every training sample. */
  outputs: number[] | null;
  /** Output weights, each −1, 0 or +1. */
  outputWeights: number[] | null;
  effectiveWeightBound: number | null;
  effectiveBiasBound: number | null;
}

function isBooleanMatrix(value: unknown): value is boolean[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row) && row.every((cell) => typeof cell === 'boolean'));
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((cell) => typeof cell === 'number');
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function milpDetailsOf(run: RunRecord): MilpDetails | null {
  if (run.method !== 'milp-train') return null;
  const details = run.result?.details;
  if (!details) return null;
  return {
    provenOptimal: details.provenOptimal === true,
    message: typeof details.message === 'string' && details.message ? details.message : null,
    activationPattern: isBooleanMatrix(details.activationPattern) ? details.activationPattern : null,
    outputs: isNumberArray(details.outputs) ? details.outputs : null,
    outputWeights: isNumberArray(details.outputWeights) ? details.outputWeights : null,
    effectiveWeightBound: numberOrNull(details.effectiveWeightBound),
    effectiveBiasBound: numberOrNull(details.effectiveBiasBound),
  };
}

/** The engine counts a weight as a connection above this magnitude (sparse-train.ts); the drawing agrees. */
export const CONNECTION_EPSILON = 1e-9;

/** The one-hidden-layer shape milp-train returns: a ReLU layer, then one identity output with weights in {−1, 0, 1}. */
export interface SparseNet {
  /** W[i][j]: input j → hidden neuron i. */
  W: number[][];
  b: number[];
  /** Output weight of each hidden neuron. */
  v: number[];
  outputBias: number;
}

export function sparseNetOf(network: Network | null, details: MilpDetails | null): SparseNet | null {
  const [hidden, output] = network?.layers ?? [];
  if (!hidden || !output || network!.layers.length !== 2 || output.W.length !== 1) return null;
  const v = details?.outputWeights ?? output.W[0]!;
  if (v.length !== hidden.W.length) return null;
  return { W: hidden.W, b: hidden.b, v, outputBias: output.b[0] ?? 0 };
}

/**
 * Whether hidden neuron i can change the output anywhere: it needs an output weight and either an
 * input or a positive bias. With neither, max(0, bᵢ) = 0 everywhere, whatever vᵢ the solver left.
 */
export function neuronContributes(net: SparseNet, i: number): boolean {
  if (!net.v[i]) return false;
  return (net.b[i] ?? 0) > CONNECTION_EPSILON || (net.W[i] ?? []).some((w) => Math.abs(w) > CONNECTION_EPSILON);
}

/** The rows milp-train was given: every row not held out for testing, in order (as jobs/data.ts trainingRows). */
export function trainingSamples(data: DatasetData): { index: number; x: number[]; y: number }[] {
  const test = new Set(data.testIndices ?? []);
  return data.X.flatMap((x, index) => (test.has(index) ? [] : [{ index, x, y: data.y[index]! }]));
}

export type MilpOutcomeKind = 'proven-optimal' | 'within-gap' | 'best-found' | 'infeasible' | 'verification-failed' | 'stopped';

/** The run's end in words: the headline a reader needs first, then the engine's own explanation. */
export interface MilpOutcome {
  kind: MilpOutcomeKind;
  /** good: a proven answer; caveat: an answer without a proof; bad: no valid network. */
  tone: 'good' | 'caveat' | 'bad';
  headline: string;
  explanation: string;
}

function gapWords(gap: number | undefined): string {
  return gap === undefined || !Number.isFinite(gap) ? 'an unknown gap' : `a gap of ${(gap * 100).toFixed(gap < 0.01 ? 2 : 1)} %`;
}

/** Null while the run is still going (the progress bar speaks then) and for other methods. */
export function milpOutcomeOf(run: RunRecord, details: MilpDetails | null): MilpOutcome | null {
  if (run.method !== 'milp-train') return null;
  // The engine explains every non-answer in `error`; the answers in `details.message`.
  const explanation = details?.message ?? run.error ?? '';
  const { connections, gap } = run.metrics;
  const what = connections === undefined ? 'the network found' : `${connections} connection${connections === 1 ? '' : 's'}`;
  switch (run.status) {
    case 'optimal':
      return details?.provenOptimal
        ? { kind: 'proven-optimal', tone: 'good', headline: `Proven optimal: ${what}.`, explanation }
        : { kind: 'within-gap', tone: 'caveat', headline: `Within the requested MIP gap: ${what}, ${gapWords(gap)} to the proven bound; not proven optimal.`, explanation };
    case 'time-limit':
      return run.model
        ? { kind: 'best-found', tone: 'caveat', headline: `Time limit reached: best network found has ${what}, ${gapWords(gap)}; not proven optimal.`, explanation }
        : {
            kind: 'stopped',
            tone: 'bad',
            headline: 'Time limit reached: no network found yet.',
            explanation: `${explanation}${run.metrics.bound !== undefined ? ` The proven lower bound on the objective so far is ${formatNumber(run.metrics.bound)}.` : ''} A longer time limit or looser bounds may find one.`,
          };
    case 'infeasible':
      return { kind: 'infeasible', tone: 'bad', headline: 'Infeasible: no network of this width and these bounds fits the data.', explanation };
    case 'verification-failed':
      return {
        kind: 'verification-failed',
        tone: 'bad',
        headline: 'Failed verification: the solver’s network does not fit the data in a forward pass, so it is not shown as a fit.',
        explanation,
      };
    case 'cancelled':
    case 'interrupted':
      return run.model
        ? { kind: 'stopped', tone: 'caveat', headline: `Stopped early: the best network found so far has ${what}, ${gapWords(gap)}; not proven optimal.`, explanation }
        : null;
    case 'failed':
      // RunView's error box says it already.
      return null;
    default:
      return null;
  }
}
