/**
 * Exact answers inside one linear region of the network: the region's optimum
 * (one LP with the activation pattern fixed), the polishing of MIP answers
 * built on it, and interval ranges of logit differences.
 */
import type { Network } from '../../../shared/domain/network';
import { activations, defaultActivationParams } from '../nn/activations';
import { traceForward } from '../nn/forward';
import { solveModel, type Highs } from '../highs/highs';
import { hiddenLayerKinds, linearRange, type InputBox, type LayerBounds, type LogitRow, type NormName, type Region } from '../bounds/bounds';
import { expr, MilpModel, type Var } from '../model/model';
import type { AttackSetup } from './context';
import { distance } from './criterion';
import type { Candidate } from './types';

/**
 * A MIP answer holds only up to HiGHS's tolerances: an indicator at 1e-6
 * lets h move by 1e-6·u, and presolve may leave the norm's auxiliaries a
 * little off x. So the answer is polished: the exact optimum inside its
 * linear region (one LP with its activation pattern fixed, tight
 * tolerances) replaces it when it is valid and no worse; when the answer
 * misses m, both sides of up to 4 neurons that sit at 0 are tried, and an
 * answer within the MIP's gap tolerance of it is accepted.
 */
export function polish(s: AttackSetup, x: number[]): Candidate {
  const { highs, net, x0, box, norm, criterion, rows, margin, opts, witness } = s;
  const w = witness(x);
  const plain = { x, objective: distance(norm, x, x0), witness: w };
  const o = w.logits;
  const active = criterion === 'any' ? [rows.reduce((a, r) => (o[r.plus]! - o[r.minus]! > o[a.plus]! - o[a.minus]! ? r : a))] : rows;
  const trace = traceForward(net, x);
  const pattern = trace.layers.slice(0, -1).map((layer) => layer.pre.map((z) => z > 0));
  const near: [number, number, number][] = [];
  trace.layers.slice(0, -1).forEach((layer, k) =>
    layer.pre.forEach((z, i) => {
      if (Math.abs(z) <= 1e-4) near.push([k, i, Math.abs(z)]);
    }),
  );
  near.sort((a, b) => a[2] - b[2]);
  const flips = plain.witness.margin >= margin ? [] : near.slice(0, 4);
  const limit = plain.witness.valid ? plain.objective : plain.objective + Math.max(opts.mipGap, 1e-6) * Math.max(1, plain.objective) + 1e-9;
  let best = plain.witness.valid ? plain : null;
  for (let mask = 0; mask < 1 << flips.length; mask++) {
    const pat = pattern.map((layer) => [...layer]);
    flips.forEach(([k, i], q) => {
      if ((mask >> q) & 1) pat[k]![i] = !pat[k]![i];
    });
    const y = regionOptimum(highs, net, x0, box, norm, active, pat);
    if (!y) continue;
    const c = { x: y, objective: distance(norm, y, x0), witness: witness(y) };
    if (!c.witness.valid || c.objective > limit) continue;
    if (!best || c.objective < best.objective) best = c;
  }
  return best ?? plain;
}

/**
 * min ‖y − x⁰‖ over one linear region of the network (pattern[k][i]: ReLU i
 * of layer k is active, pre-activation ≥ 0, or not, ≤ 0) subject to the rows,
 * by one LP with tight tolerances; null when it is infeasible or fails.
 */
export function regionOptimum(
  highs: Highs,
  net: Network,
  x0: readonly number[],
  box: InputBox,
  norm: NormName,
  rows: readonly LogitRow[],
  pattern: readonly (readonly boolean[])[],
): number[] | null {
  const d = x0.length;
  const kinds = hiddenLayerKinds(net);
  const m = new MilpModel('region');
  const xs: Var[] = [];
  const objective = expr();
  const t = norm === 'linf' ? m.addVar({ name: 't', lb: 0 }) : null;
  for (let j = 0; j < d; j++) {
    const xj = m.addVar({ name: `x${j}`, lb: box.lower[j]!, ub: box.upper[j]! });
    xs.push(xj);
    if (norm === 'l1') {
      const p = m.addVar({ name: `p${j}` });
      const n = m.addVar({ name: `n${j}` });
      m.addConstraint(`d${j}`, expr(xj, [-1, p], n), '=', x0[j]!);
      objective.add(1, p).add(1, n);
    } else {
      m.addConstraint(`a${j}`, expr(xj, [-1, t!]), '<=', x0[j]!);
      m.addConstraint(`b${j}`, expr(xj, t!), '>=', x0[j]!);
    }
  }
  if (t) objective.add(1, t);
  m.minimize(objective);
  // The network is affine in the region: carry (A, c) with z = A·x + c as dense arrays.
  let A: number[][] = xs.map((_, j) => xs.map((__, q) => (q === j ? 1 : 0)));
  let c: number[] = new Array<number>(d).fill(0);
  const L = net.layers.length;
  let logitMaps: { A: number[][]; c: number[] } | null = null;
  net.layers.forEach((layer, k) => {
    const zA: number[][] = [];
    const zc: number[] = [];
    layer.W.forEach((wrow, i) => {
      const row = new Array<number>(d).fill(0);
      let ci = layer.b[i]!;
      wrow.forEach((w, j) => {
        if (w === 0) return;
        const src = A[j]!;
        for (let q = 0; q < d; q++) row[q]! += w * src[q]!;
        ci += w * c[j]!;
      });
      zA.push(row);
      zc.push(ci);
    });
    if (k === L - 1) {
      logitMaps = { A: zA, c: zc };
      return;
    }
    const relu = kinds[k] === 'relu';
    zA.forEach((row, i) => {
      if (!relu) return;
      const e = expr(zc[i]!);
      row.forEach((v, q) => {
        if (v !== 0) e.add(v, xs[q]!);
      });
      const on = pattern[k]![i]!;
      m.addConstraint(`r${k}_${i}`, e, on ? '>=' : '<=', 0);
      if (!on) {
        zA[i] = new Array<number>(d).fill(0);
        zc[i] = 0;
      }
    });
    A = zA;
    c = zc;
  });
  const maps = logitMaps as unknown as { A: number[][]; c: number[] };
  rows.forEach((r, q) => {
    const e = expr(maps.c[r.plus]! - maps.c[r.minus]!);
    for (let j = 0; j < d; j++) {
      const v = maps.A[r.plus]![j]! - maps.A[r.minus]![j]!;
      if (v !== 0) e.add(v, xs[j]!);
    }
    m.addConstraint(`crit${q}`, e, '>=', r.margin);
  });
  const res = solveModel(highs, m, {
    keepLog: false,
    options: { primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 },
  });
  if (res.status !== 'optimal' || !res.x) return null;
  return xs.map((v, j) => Math.min(box.upper[j]!, Math.max(box.lower[j]!, res.x![v.index]!)));
}

/** Interval range of o[plus] − o[minus] from the last hidden layer's bounds (exact over the region without hidden layers). */
export function intervalDifference(net: Network, layers: readonly LayerBounds[], r: LogitRow, region: Region): [number, number] {
  const L = net.layers.length;
  const last = net.layers[L - 1]!;
  const wdiff = last.W[r.plus]!.map((w, j) => w - last.W[r.minus]![j]!);
  const bdiff = last.b[r.plus]! - last.b[r.minus]!;
  if (L === 1) return linearRange(wdiff, bdiff, region);
  const prev = layers[L - 2]!;
  const post = activations[hiddenLayerKinds(net)[L - 2] === 'relu' ? 'relu' : 'identity'];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let j = 0; j < prev.lower.length; j++) {
    const [a, c] = post.range(prev.lower[j]!, prev.upper[j]!, defaultActivationParams);
    lower.push(a);
    upper.push(c);
  }
  // The logit difference is affine in the last hidden layer's outputs, which range over this box.
  return linearRange(wdiff, bdiff, { box: { lower, upper } });
}
