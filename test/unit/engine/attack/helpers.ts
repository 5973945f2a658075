/**
 * Test helpers for the attack formulations: small random ReLU networks and an
 * exact brute-force optimum by enumeration of activation patterns (one LP per
 * pattern and target), independent of the MIP code.
 */
import type { Network } from '../../../../shared/domain/network';
import { expr, MilpModel, type LinExpr } from '../../../../src-main/engine/model/model';
import { solveModel, type Highs } from '../../../../src-main/engine/highs/highs';
import { trainMlp } from '../../../../src-main/engine/train/mlp';
import { trainTestSplit } from '../../../../src-main/engine/train/split';
import { withTwoLogits } from '../../../../src-main/engine/attack/adversarial';
import { traceForward } from '../../../../src-main/engine/nn/forward';
import { digitsNetSpec, digitsRows } from '../../../helpers/digits';

export type Criterion = 'all-others' | 'any' | { target: number };
export type Norm = 'l1' | 'linf';

/** Deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A dense ReLU net with the given layer sizes [inputs, hidden…, classes]; weights and biases uniform in [−scale, scale]. */
export function randomNet(sizes: readonly number[], seed: number, scale = 1): Network {
  const r = rng(seed);
  const u = () => (2 * r() - 1) * scale;
  const layers = [];
  for (let k = 1; k < sizes.length; k++) {
    const W = Array.from({ length: sizes[k]! }, () => Array.from({ length: sizes[k - 1]! }, u));
    const b = Array.from({ length: sizes[k]! }, u);
    layers.push({ W, b, activation: k === sizes.length - 1 ? ('identity' as const) : ('relu' as const) });
  }
  return { layers, output: 'identity' };
}

/**
 * Like randomNet, but the first layer's hyperplanes pass through random points
 * of the unit box, so that the decision regions vary inside it.
 */
export function spreadNet(sizes: readonly number[], seed: number): Network {
  const net = randomNet(sizes, seed, 1.5);
  const r = rng(seed ^ 0x5bd1e995);
  const first = net.layers[0]!;
  first.W = first.W.map((row) => row.map((w) => 2 * w));
  first.b = first.W.map((row) => -row.reduce((acc, w) => acc + w * r(), 0));
  return net;
}

export function logits(net: Network, x: readonly number[]): number[] {
  return traceForward(net, x).layers[net.layers.length - 1]!.pre;
}

export function argmax(v: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

function pairs(criterion: Criterion, label: number, K: number): [number, number][] {
  const out: [number, number][] = [];
  if (typeof criterion === 'object') {
    for (let i = 0; i < K; i++) if (i !== criterion.target) out.push([criterion.target, i]);
  } else for (let i = 0; i < K; i++) if (i !== label) out.push([i, label]);
  return out;
}

/**
 * Exact optimum of min ‖x − x0‖ s.t. criterion, x ∈ [lo, hi]^d, by enumerating
 * every activation pattern of the hidden ReLUs: inside a pattern the network is
 * affine, so each (pattern, alternative) is one LP. Returns Infinity when no
 * input meets the criterion.
 */
export function bruteForceOptimum(
  highs: Highs,
  original: Network,
  x0: readonly number[],
  label: number,
  criterion: Criterion,
  margin: number,
  norm: Norm,
  box: { lower: readonly number[]; upper: readonly number[] } = { lower: x0.map(() => 0), upper: x0.map(() => 1) },
): number {
  // Single-output nets decide by a threshold: the same two-logit view the attack uses.
  const net = withTwoLogits(original);
  const d = x0.length;
  const hidden = net.layers.slice(0, -1).map((l) => l.W.length);
  const H = hidden.reduce((a, b) => a + b, 0);
  if (H > 14) throw new Error('too many hidden neurons to enumerate');
  const K = net.layers[net.layers.length - 1]!.W.length;
  const all = pairs(criterion, label, K);
  const alternatives = criterion === 'any' ? all.map((p) => [p]) : [all];
  let best = Infinity;
  for (let pattern = 0; pattern < 1 << H; pattern++) {
    for (const alt of alternatives) {
      const m = new MilpModel('enum');
      const xs: LinExpr[] = [];
      const objective = expr();
      const t = norm === 'linf' ? m.addVar({ name: 't', lb: 0 }) : null;
      for (let j = 0; j < d; j++) {
        const p = m.addVar({ name: `p${j}`, lb: 0, ub: Math.max(0, box.upper[j]! - x0[j]!) });
        const n = m.addVar({ name: `n${j}`, lb: 0, ub: Math.max(0, x0[j]! - box.lower[j]!) });
        xs.push(expr(x0[j]!, p, [-1, n]));
        if (norm === 'l1') objective.add(1, p).add(1, n);
        else m.addConstraint(`t${j}`, expr(p, n, [-1, t!]), '<=', 0);
      }
      if (t) objective.add(1, t);
      m.minimize(objective);
      // Affine propagation with the pattern fixed.
      let prev: LinExpr[] = xs;
      let bit = 0;
      net.layers.forEach((layer, k) => {
        const pre = layer.W.map((row, i) => {
          const e = expr(layer.b[i]!);
          row.forEach((w, j) => e.addTerm(prev[j]!, w));
          return e;
        });
        if (k === net.layers.length - 1) {
          prev = pre;
          return;
        }
        prev = pre.map((e, i) => {
          const active = ((pattern >> bit++) & 1) === 1;
          m.addConstraint(`s${k}_${i}`, e.clone(), active ? '>=' : '<=', 0);
          return active ? e : expr(0);
        });
      });
      alt.forEach(([a, b], q) => m.addConstraint(`c${q}`, prev[a]!.clone().addTerm(prev[b]!, -1), '>=', margin));
      const res = solveModel(highs, m, { keepLog: false });
      if (res.status === 'optimal' && res.objective! < best) best = res.objective!;
    }
  }
  return best;
}

/** Smallest ‖x − x0‖ over a grid of the 2-D box among points meeting the criterion (an upper bound on the optimum). */
export function gridUpperBound(
  original: Network,
  x0: readonly number[],
  label: number,
  criterion: Criterion,
  margin: number,
  norm: Norm,
  steps = 200,
): number {
  const net = withTwoLogits(original);
  const K = net.layers[net.layers.length - 1]!.W.length;
  const all = pairs(criterion, label, K);
  let best = Infinity;
  for (let a = 0; a <= steps; a++) {
    for (let b = 0; b <= steps; b++) {
      const x = [a / steps, b / steps];
      const o = logits(net, x);
      const diffs = all.map(([p, q]) => o[p]! - o[q]!);
      const ok = criterion === 'any' ? Math.max(...diffs) >= margin : Math.min(...diffs) >= margin;
      if (!ok) continue;
      const dx = Math.abs(x[0]! - x0[0]!);
      const dy = Math.abs(x[1]! - x0[1]!);
      best = Math.min(best, norm === 'l1' ? dx + dy : Math.max(dx, dy));
    }
  }
  return best;
}

/** The 64-32-16-10 digits net (Adam lr 0.01, 20 epochs, batch 128) and the test rows. */
export function trainDigitsNet(): { net: Network; testX: number[][]; testY: number[] } {
  const { X, y } = digitsRows();
  const { train, test } = trainTestSplit(X.length, 0.2, 0);
  const result = trainMlp({ X: train.map((i) => X[i]!), y: train.map((i) => y[i]!) }, digitsNetSpec);
  return { net: result.network, testX: test.map((i) => X[i]!), testY: test.map((i) => y[i]!) };
}
