import { z } from 'zod';
import { successfulStatuses } from '../run';

export const MAX_SWEEP_RUNS = 5000;

/**
 * A sweep runs another method over a grid of parameter values and/or N seeds.
 * Grid keys are dotted paths into the base params ("optimizer.lr", "layers.0.activation").
 */
export const sweepParamsSchema = z
  .object({
    method: z.string().min(1).max(100),
    params: z.record(z.string(), z.unknown()).default({}),
    grid: z.record(z.string().min(1).max(200), z.array(z.unknown()).min(1).max(1000)).default({}),
    seeds: z.number().int().min(1).max(MAX_SWEEP_RUNS).optional(),
    /** Where each seed goes in the params. */
    seedPath: z.string().min(1).max(200).default('rng.seed'),
    /** Grid paths that define the aggregate groups (default: all of them); e.g. ["formulation"] for a batch of attacks over samples. */
    groupBy: z.array(z.string().min(1).max(200)).max(20).optional(),
    /** A run whose final training accuracy is below this counts as stuck. */
    stuckBelowAccuracy: z.number().min(0).max(1).default(1),
  })
  .strict();
export type SweepParams = z.output<typeof sweepParamsSchema>;

export interface MetricAggregate {
  count: number;
  mean: number;
  median: number;
  min: number;
  max: number;
}

export interface SweepGroup {
  /** The grid values of this group, e.g. {"optimizer.name": "adam"}; empty without a grid. */
  values: Record<string, unknown>;
  label: string;
  runs: number;
  finished: number;
  stuck: number;
  stuckShare: number;
  metrics: Record<string, MetricAggregate>;
}

export interface SweepSummary {
  total: number;
  completed: number;
  failed: number;
  stuckBelowAccuracy: number;
  groups: SweepGroup[];
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key: string | number = Array.isArray(node) ? Number(part) : part;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const next = container[key];
    if (typeof next !== 'object' || next === null) container[key] = /^\d+$/.test(parts[i + 1]!) ? [] : {};
    node = container[key] as Record<string, unknown>;
  });
}

export interface SweepChild {
  params: Record<string, unknown>;
  group: Record<string, unknown>;
  seed: number | null;
}

/** The cartesian product of the grid, times the seeds. */
export function expandSweep(sweep: SweepParams): SweepChild[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [path, values] of Object.entries(sweep.grid)) {
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [path]: value })));
  }
  const seeds = sweep.seeds === undefined ? [null] : Array.from({ length: sweep.seeds }, (_, i) => i);
  const children: SweepChild[] = [];
  for (const group of combos) {
    for (const seed of seeds) {
      const params = structuredClone(sweep.params);
      for (const [path, value] of Object.entries(group)) setPath(params, path, structuredClone(value));
      if (seed !== null) setPath(params, sweep.seedPath, seed);
      children.push({ params, group, seed });
    }
  }
  return children;
}

export function getPath(target: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), target);
}

/** The values that define a member's aggregate group. */
export function sweepGroup(group: Record<string, unknown>, sweep: Pick<SweepParams, 'groupBy'>): Record<string, unknown> {
  if (!sweep.groupBy) return group;
  return Object.fromEntries(sweep.groupBy.filter((path) => path in group).map((path) => [path, group[path]]));
}

export function groupLabel(group: Record<string, unknown>): string {
  const entries = Object.entries(group);
  if (!entries.length) return 'all runs';
  return entries.map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
}

export function aggregate(values: number[]): MetricAggregate | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!finite.length) return null;
  const mid = Math.floor(finite.length / 2);
  return {
    count: finite.length,
    mean: finite.reduce((a, b) => a + b, 0) / finite.length,
    median: finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2,
    min: finite[0]!,
    max: finite[finite.length - 1]!,
  };
}

function isSuccess(status: string): boolean {
  return (successfulStatuses as readonly string[]).includes(status);
}

export interface SweepChildOutcome {
  group: Record<string, unknown>;
  status: string;
  metrics: Record<string, number | undefined>;
}

/** Aggregates per grid group: mean/median/min/max of each metric, and how many runs got stuck. */
export function summariseSweep(children: SweepChildOutcome[], stuckBelowAccuracy: number): SweepSummary {
  const groups = new Map<string, SweepChildOutcome[]>();
  for (const child of children) {
    const key = groupLabel(child.group);
    groups.set(key, [...(groups.get(key) ?? []), child]);
  }
  return {
    total: children.length,
    completed: children.filter((c) => isSuccess(c.status)).length,
    failed: children.filter((c) => !isSuccess(c.status)).length,
    stuckBelowAccuracy,
    groups: [...groups.entries()].map(([label, members]) => {
      const finished = members.filter((m) => isSuccess(m.status));
      const names = new Set(finished.flatMap((m) => Object.keys(m.metrics)));
      const metrics: Record<string, MetricAggregate> = {};
      for (const name of names) {
        const agg = aggregate(finished.map((m) => m.metrics[name]).filter((v): v is number => typeof v === 'number'));
        if (agg) metrics[name] = agg;
      }
      // Diverged runs are stuck too: they never reached a usable net.
      const stuck = members.filter((m) => m.status === 'diverged' || (isSuccess(m.status) && (m.metrics.accuracy ?? 0) < stuckBelowAccuracy)).length;
      const counted = finished.length + members.filter((m) => m.status === 'diverged').length;
      return { values: members[0]!.group, label, runs: members.length, finished: finished.length, stuck, stuckShare: counted ? stuck / counted : 0, metrics };
    }),
  };
}
