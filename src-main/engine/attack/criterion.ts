/** The attack criterion as logit rows, the margin it achieves, and the witness check by the true network. */
import type { Network } from '../../../shared/domain/network';
import type { AttackCriterion } from '../../../shared/domain/params/attack';
import { traceForward } from '../nn/forward';
import type { LogitRow, NormName } from '../bounds/bounds';
import type { Witness } from './types';

/** Single-output nets become two logits [t, o] so that argmax is the thresholded decision. */
export function withTwoLogits(net: Network): Network {
  const last = net.layers[net.layers.length - 1]!;
  if (last.W.length !== 1) return net;
  if (net.output === 'softmax') throw new Error('a single-output network with a softmax head has only one class');
  if (last.activation !== 'identity') {
    throw new Error(`a single-output network must end in an identity layer (found ${last.activation}); put sigmoid in the output head`);
  }
  const threshold = net.output === 'sigmoid' ? 0 : 0.5;
  const inputs = last.W[0]!.length;
  return {
    ...net,
    layers: [
      ...net.layers.slice(0, -1),
      { ...last, W: [new Array<number>(inputs).fill(0), [...last.W[0]!]], b: [threshold, last.b[0]!] },
    ],
  };
}

export function logitsOf(net: Network, x: readonly number[]): number[] {
  return traceForward(net, x).layers[net.layers.length - 1]!.pre;
}

export function argmax(v: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/** The criterion as rows o[plus] − o[minus] ≥ m (for 'any': the alternatives). */
export function criterionRows(criterion: AttackCriterion, label: number, classes: number, margin: number): LogitRow[] {
  const rows: LogitRow[] = [];
  if (typeof criterion === 'object') {
    for (let i = 0; i < classes; i++) if (i !== criterion.target) rows.push({ plus: criterion.target, minus: i, margin });
  } else {
    for (let i = 0; i < classes; i++) if (i !== label) rows.push({ plus: i, minus: label, margin });
  }
  return rows;
}

/** The criterion's achieved margin at logits o. */
export function criterionMargin(criterion: AttackCriterion, label: number, o: readonly number[]): number {
  const rows = criterionRows(criterion, label, o.length, 0);
  const diffs = rows.map((r) => o[r.plus]! - o[r.minus]!);
  return criterion === 'any' ? Math.max(...diffs) : Math.min(...diffs);
}

export function witnessOf(
  net: Network,
  x: readonly number[],
  criterion: AttackCriterion,
  label: number,
  margin: number,
  tolerance: number,
): Witness {
  const logits = logitsOf(net, x);
  const achieved = criterionMargin(criterion, label, logits);
  return { predicted: argmax(logits), margin: achieved, required: margin, valid: achieved >= margin - tolerance, logits };
}

export function expand(v: number | readonly number[], d: number, what: string): number[] {
  if (typeof v === 'number') return new Array<number>(d).fill(v);
  if (v.length !== d) throw new Error(`${what} has ${v.length} entries; the network takes ${d} inputs`);
  return [...v];
}

export function distance(norm: NormName, x: readonly number[], x0: readonly number[]): number {
  let v = 0;
  for (let j = 0; j < x0.length; j++) {
    const a = Math.abs(x[j]! - x0[j]!);
    v = norm === 'l1' ? v + a : Math.max(v, a);
  }
  return v;
}

/** Radius of a ball that surely contains a point at distance r (solver and rounding slack). */
export function inflate(r: number): number {
  return r * (1 + 1e-7) + 1e-9;
}

/** L1/L∞ distance a linearisation at x⁰ predicts for row r (gap over the dual norm of the gradient). */
export function linearEstimate(net: Network, x0: readonly number[], row: LogitRow, norm: NormName): number {
  const h = 1e-6;
  const o0 = logitsOf(net, x0);
  const g0 = o0[row.plus]! - o0[row.minus]!;
  if (g0 >= row.margin) return 0;
  // Gradient by the active pattern at x⁰ (exact for a ReLU net away from kinks).
  let dual = 0;
  const x = [...x0];
  for (let j = 0; j < x.length; j++) {
    x[j] = x0[j]! + h;
    const o = logitsOf(net, x);
    x[j] = x0[j]!;
    const gj = (o[row.plus]! - o[row.minus]! - g0) / h;
    dual = norm === 'l1' ? Math.max(dual, Math.abs(gj)) : dual + Math.abs(gj);
  }
  return dual > 0 ? (row.margin - g0) / dual : Infinity;
}
