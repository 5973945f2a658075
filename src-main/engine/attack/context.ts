/**
 * State shared by the phases of one attack: the checked setup (fixed once the
 * input is validated) and the MIP / LP-relaxation session (incumbent, radius,
 * timings) that the local, bounds and solve phases update in turn.
 */
import { defaultFormulation } from '../../../shared/domain/formulations';
import type { Network } from '../../../shared/domain/network';
import type { AdversarialOptions, AttackCriterion } from '../../../shared/domain/params/attack';
import { solveModel, type Highs, type SolveProgress, type SolveResult } from '../highs/highs';
import { computeBounds, type BoundsMethod, type InputBox, type LogitRow, type NetworkBounds, type NormName, type Region } from '../bounds/bounds';
import type { AttackModel } from './attack-model';
import { distance, inflate } from './criterion';
import type { AdversarialHooks, AdversarialResult, AttackStatus, Candidate, LocalDetails, TargetSolve, Witness } from './types';

/** HiGHS options for the 'none' tightening: its big M needs a much finer integrality tolerance to stay exact. */
export const WIDE_BOX_OPTIONS: Readonly<Record<string, number>> = { mip_feasibility_tolerance: 1e-9 };

/** HiGHS options used when the MIP starts from a known attack: no sub-MIP heuristics (RINS, RENS, root reduced cost). */
export const START_OPTIONS: Readonly<Record<string, boolean>> = {
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
};

export class Clock {
  private readonly started = performance.now();
  constructor(private readonly limit: number) {}
  get ms(): number {
    return performance.now() - this.started;
  }
  /** Seconds left (never below a millisecond). */
  get left(): number {
    return Math.max(1e-3, this.limit - this.ms / 1000);
  }
  get expired(): boolean {
    return this.ms / 1000 >= this.limit;
  }
}

/** The result fields every answer of a run shares. */
export type ResultBase = Pick<
  AdversarialResult,
  'formulation' | 'norm' | 'criterion' | 'margin' | 'tightening' | 'x0' | 'label' | 'originalPredicted' | 'originalLogits'
>;

/** A run's checked inputs (the network already has two logits or more). */
export interface AttackSetup {
  highs: Highs;
  net: Network;
  opts: AdversarialOptions;
  hooks: AdversarialHooks;
  clock: Clock;
  x0: number[];
  label: number;
  box: InputBox;
  /** Input dimension. */
  d: number;
  criterion: AttackCriterion;
  margin: number;
  norm: NormName;
  rows: LogitRow[];
  base: ResultBase;
  witness: (x: readonly number[]) => Witness;
  /** The solver log kept for the result (capped at about 100 kB). */
  log: { text: string };
  onLog: (line: string) => void;
}

export type RadiusInfo = AdversarialResult['radius'];

export interface ModelSize {
  variables: number;
  constraints: number;
  binaries: number;
  stable: number | null;
  unstable: number | null;
}

export const noSize: ModelSize = { variables: 0, constraints: 0, binaries: 0, stable: null, unstable: null };

export function errorResult(message: string, x0: readonly number[], label: number, opts: Partial<AdversarialOptions>): AdversarialResult {
  return {
    status: 'error',
    message,
    formulation: opts.formulation ?? defaultFormulation,
    norm: opts.norm ?? 'l1',
    criterion: opts.criterion ?? 'all-others',
    margin: opts.margin ?? 0.01,
    tightening: opts.tightening ?? 'lp',
    objective: null,
    bound: null,
    gap: null,
    timeMs: 0,
    variables: 0,
    constraints: 0,
    binaries: 0,
    stableNeurons: null,
    unstableNeurons: null,
    tightenedStable: 0,
    nodes: 0,
    x: null,
    x0: [...x0],
    label,
    originalPredicted: -1,
    originalLogits: [],
    witness: null,
    local: null,
    radius: { value: null, source: 'none' },
    anyStrategy: null,
    targets: [],
    bounds: null,
    timings: { localMs: 0, boundsMs: 0, solveMs: 0 },
    log: '',
  };
}

export const mapStatus = (s: SolveResult['status']): AttackStatus =>
  s === 'optimal' ? 'optimal' : s === 'infeasible' ? 'infeasible' : s === 'time-limit' ? 'time-limit' : s === 'interrupted' ? 'interrupted' : 'error';

/** The MIP / LP-relaxation run: what the phases learn, and the solve and result helpers they share. */
export class MipSession {
  readonly relaxed: boolean;
  localMs = 0;
  boundsMs = 0;
  solveMs = 0;
  incumbent: Candidate | null = null;
  localInfo: LocalDetails | null = null;
  /** Per-target local radii ('any'). */
  readonly localRadius = new Map<number, number>();
  /** Per-target local answers ('any'), used as MIP starts. */
  readonly localByTarget = new Map<number, Candidate>();
  radius: RadiusInfo = { value: null, source: 'none' };
  anyChoice: 'binary' | 'per-target' | null = null;
  anyReason = '';

  /** `relaxed`: every binary relaxed to [0, 1] (the bound formulation). */
  constructor(
    readonly s: AttackSetup,
    relaxed: boolean,
  ) {
    this.relaxed = relaxed;
  }

  consider(x: number[]): Candidate | null {
    const { s } = this;
    const w = s.witness(x);
    // Only an attack that meets the criterion exactly may set a radius.
    if (w.margin < s.margin) return null;
    const c = { x, objective: distance(s.norm, x, s.x0), witness: w };
    if (!this.incumbent || c.objective < this.incumbent.objective) this.incumbent = c;
    return c;
  }

  private emitSolve(target?: number) {
    const { hooks, clock } = this.s;
    return (p: SolveProgress) =>
      hooks.onProgress?.({
        phase: 'solve',
        elapsedMs: clock.ms,
        primal: p.primal,
        dual: p.dual,
        gap: p.gap,
        nodes: p.nodes,
        ...(target !== undefined ? { target } : {}),
      });
  }

  boundsFor(
    ballRadius: number | null,
    logitRows: readonly LogitRow[] | undefined,
    method: BoundsMethod = this.s.opts.tightening,
  ): { b: NetworkBounds; region: Region } {
    const { highs, net, opts, hooks, clock, box, norm, x0 } = this.s;
    const started = performance.now();
    const region: Region = { box, ball: ballRadius !== null ? { norm, center: x0, radius: inflate(ballRadius) } : null };
    const b = computeBounds(highs, net, region, method, {
      logitRows: opts.tightenWithCriterion || this.anyChoice === 'per-target' ? logitRows : undefined,
      timeLimit: clock.left,
      shouldStop: hooks.shouldStop,
      onProgress: (done, total) =>
        hooks.onProgress?.({ phase: 'bounds', elapsedMs: clock.ms, primal: this.incumbent?.objective ?? null, dual: null, gap: null, nodes: 0, message: `LP bounds ${done}/${total}` }),
    });
    this.boundsMs += performance.now() - started;
    return { b, region };
  }

  solve(built: AttackModel, target?: number, from: Candidate | null = this.incumbent): SolveResult {
    const { highs, net, opts, hooks, clock } = this.s;
    const started = performance.now();
    let start: Float64Array | null = null;
    if (opts.mipStart && !this.relaxed && from) {
      start = built.startFor(net, from.x);
      if (built.model.maxViolation(start).violation > 1e-7) start = null;
    }
    // With a (usually near-optimal) start, the sub-MIP heuristics only burn time: the tree search proves it.
    const options = {
      // HiGHS's default absolute gap (1e-6) would stop 1e-6 above optima that are often below 1.
      mip_abs_gap: Math.min(1e-9, opts.mipGap),
      ...(start ? START_OPTIONS : {}),
      // With the wide 'none' box, σ = 1e-6 (HiGHS's integrality tolerance) would let h move by 1e-2·scale.
      ...(opts.tightening === 'none' ? WIDE_BOX_OPTIONS : {}),
      ...(opts.solverOptions ?? {}),
    };
    const res = solveModel(highs, built.model, {
      ...(start ? { start } : {}),
      timeLimit: clock.left,
      mipGap: opts.mipGap,
      shouldStop: hooks.shouldStop,
      onProgress: this.emitSolve(target),
      onLog: this.s.onLog,
      keepLog: false,
      options,
    });
    this.solveMs += performance.now() - started;
    return res;
  }

  sizeOf(built: AttackModel): ModelSize & { stable: number; unstable: number } {
    const s = built.model.stats();
    return { variables: s.variables, constraints: s.constraints, binaries: s.binaries, stable: built.stable, unstable: built.unstable };
  }

  finish(
    status: AttackStatus,
    message: string,
    best: Candidate | null,
    bound: number | null,
    size: ModelSize,
    boundsInfo: NetworkBounds | null,
    extra: { nodes: number; targets: TargetSolve[]; anyStrategy: 'binary' | 'per-target' | null },
  ): AdversarialResult {
    const { relaxed, anyChoice, anyReason } = this;
    const objective = best ? best.objective : null;
    let gap: number | null = null;
    if (objective !== null && bound !== null) gap = status === 'optimal' && !relaxed ? 0 : Math.max(0, (objective - bound) / Math.max(Math.abs(objective), 1e-9));
    if (relaxed && objective !== null) gap = 0;
    const anyNote = anyChoice
      ? ` ('any' solved ${anyChoice === 'binary' ? 'with one binary per class' : 'one target class at a time'}: ${anyReason})`
      : '';
    return {
      ...this.s.base,
      status,
      message: `${message}${anyNote}`,
      objective,
      bound,
      gap,
      timeMs: this.s.clock.ms,
      variables: size.variables,
      constraints: size.constraints,
      binaries: size.binaries,
      stableNeurons: size.stable,
      unstableNeurons: size.unstable,
      tightenedStable: boundsInfo?.tightenedStable ?? 0,
      nodes: extra.nodes,
      x: best ? best.x : null,
      witness: best ? best.witness : null,
      local: this.localInfo,
      radius: this.radius,
      anyStrategy: extra.anyStrategy,
      targets: extra.targets,
      bounds: boundsInfo ? { method: boundsInfo.method, timeMs: boundsInfo.timeMs, lpSolves: boundsInfo.lpSolves, status: boundsInfo.status } : null,
      timings: { localMs: this.localMs, boundsMs: this.boundsMs, solveMs: this.solveMs },
      log: this.s.log.text,
    };
  }

  infeasibleMessage(): string {
    const { radius } = this;
    return radius.value !== null && radius.source === 'hint'
      ? `no input within ${this.s.norm} distance ${radius.value} of x⁰ meets the criterion`
      : 'no input in the box meets the criterion';
  }

  summary(status: AttackStatus, message: string): string {
    if (status === 'optimal') return this.relaxed ? 'LP relaxation solved: its value is a certified lower bound on the MIP optimum' : 'optimal (proven by the MIP)';
    if (status === 'time-limit') return `time limit reached: best attack found so far, not proven optimal${message ? ` (${message})` : ''}`;
    if (status === 'interrupted') return 'stopped on request: best attack found so far kept, not proven optimal';
    return message;
  }

  radiusInfeasible(b: NetworkBounds): AdversarialResult {
    if (this.radius.source === 'local' && this.incumbent) {
      return this.finish('time-limit', 'bound tightening declared the ball of the local answer empty (numerical trouble); the local answer is kept, not proven optimal', this.incumbent, null, noSize, b, { nodes: 0, targets: [], anyStrategy: null });
    }
    return this.finish('infeasible', this.infeasibleMessage(), null, null, noSize, b, { nodes: 0, targets: [], anyStrategy: null });
  }
}
