/**
 * The attack as a MIP (or its LP relaxation) on the modelling layer: input
 * offsets, the norm's objective, the big-M ReLU encoding of unstable neurons
 * and the criterion rows or their disjunction (see adversarial.ts).
 */
import type { Network } from '../../../shared/domain/network';
import { traceForward } from '../nn/forward';
import { hiddenLayerKinds, type InputBox, type LayerBounds, type LogitRow, type NormName } from '../bounds/bounds';
import { expr, MilpModel, type LinExpr, type Var } from '../model/model';

export type CriterionSpec =
  | { kind: 'rows'; rows: readonly LogitRow[] }
  /** Disjunction: at least one row holds; `lower[r]` is a lower bound of o[plus] − o[minus] over the region. */
  | { kind: 'disjunction'; rows: readonly LogitRow[]; lower: readonly number[] };

export interface AttackModelSpec {
  net: Network;
  x0: readonly number[];
  box: InputBox;
  norm: NormName;
  /** Pre-activation bounds of every layer (valid over the region searched). */
  bounds: readonly LayerBounds[];
  criterion: CriterionSpec;
  /** σ (and the disjunction's y) continuous in [0, 1]. */
  relaxed?: boolean;
  /** Ball constraint ‖x − x⁰‖ ≤ radius (also an objective cutoff). */
  radius?: number | null;
  /**
   * Explicit columns for the inputs and for unstable neurons' pre-activations
   * (default true): each weight row appears once instead of in two ReLU rows,
   * which halves the nonzeros.
   */
  compact?: boolean;
}

export interface AttackModel {
  model: MilpModel;
  stable: number;
  unstable: number;
  binaries: number;
  /** The input of a solution vector (clipped to the box). */
  inputOf(values: ArrayLike<number>): number[];
  /**
   * A full solution vector for the input x (its activation pattern, the
   * norm's auxiliaries): a MIP start. Feasible when x meets the criterion and
   * the bounds hold at x.
   */
  startFor(net: Network, x: readonly number[]): Float64Array;
}

export function buildAttackModel(spec: AttackModelSpec): AttackModel {
  const { net, x0, box, norm, bounds, criterion } = spec;
  const relaxed = spec.relaxed === true;
  const compact = spec.compact !== false;
  const kinds = hiddenLayerKinds(net);
  const d = x0.length;
  const m = new MilpModel('attack');
  const radius = spec.radius ?? null;
  const objective = expr();
  const t = norm === 'linf' ? m.addVar({ name: 't', lb: 0, ub: radius ?? Infinity }) : null;
  // Input j as an expression; with `compact`, an explicit column x_j.
  const inputs: LinExpr[] = [];
  const xVars: (Var | null)[] = [];
  const pVars: (Var | null)[] = [];
  const nVars: (Var | null)[] = [];
  for (let j = 0; j < d; j++) {
    let up = box.upper[j]! - x0[j]!;
    let down = x0[j]! - box.lower[j]!;
    if (radius !== null) {
      up = Math.min(up, radius);
      down = Math.min(down, radius);
    }
    up = Math.max(0, up);
    down = Math.max(0, down);
    if (compact && norm === 'linf') {
      // x_j ∈ [x0 − down, x0 + up], |x_j − x0_j| ≤ t.
      if (up === 0 && down === 0) {
        xVars.push(null);
        pVars.push(null);
        nVars.push(null);
        inputs.push(expr(x0[j]!));
        continue;
      }
      const xj = m.addVar({ name: `x${j}`, lb: x0[j]! - down, ub: x0[j]! + up });
      xVars.push(xj);
      pVars.push(null);
      nVars.push(null);
      inputs.push(expr(xj));
      m.addRange(`linf${j}`, -Infinity, expr(xj, [-1, t!]), x0[j]!);
      m.addRange(`linfb${j}`, x0[j]!, expr(xj, t!), Infinity);
      continue;
    }
    const pj = up > 0 ? m.addVar({ name: `p${j}`, lb: 0, ub: up }) : null;
    const nj = down > 0 ? m.addVar({ name: `n${j}`, lb: 0, ub: down }) : null;
    pVars.push(pj);
    nVars.push(nj);
    const e = expr(x0[j]!);
    if (pj) e.add(1, pj);
    if (nj) e.add(-1, nj);
    if (compact && (pj || nj)) {
      const xj = m.addVar({ name: `x${j}`, lb: x0[j]! - down, ub: x0[j]! + up });
      m.addConstraint(`dx${j}`, expr(xj).addTerm(e, -1), '=', 0);
      xVars.push(xj);
      inputs.push(expr(xj));
    } else {
      xVars.push(null);
      inputs.push(e);
    }
    if (norm === 'l1') {
      if (pj) objective.add(1, pj);
      if (nj) objective.add(1, nj);
    } else if (pj || nj) {
      const row = expr();
      if (pj) row.add(1, pj);
      if (nj) row.add(1, nj);
      row.add(-1, t!);
      m.addConstraint(`linf${j}`, row, '<=', 0);
    }
  }
  if (norm === 'linf') objective.add(1, t!);
  else if (radius !== null && objective.terms.size > 0) m.addConstraint('ball', objective.clone(), '<=', radius);
  m.minimize(objective);

  let stable = 0;
  let unstable = 0;
  let binaries = 0;
  interface Unit {
    z: Var | null;
    h: Var | null;
    sigma: Var | null;
  }
  const units: Unit[][] = [];
  // prev[j]: the j-th unit's output as an expression (constant for dead neurons).
  let prev: LinExpr[] = inputs;
  const L = net.layers.length;
  for (let k = 0; k < L - 1; k++) {
    const layer = net.layers[k]!;
    const lb = bounds[k]!;
    const out: LinExpr[] = [];
    const layerUnits: Unit[] = [];
    layer.W.forEach((wrow, i) => {
      const zExpr = expr(layer.b[i]!);
      wrow.forEach((w, j) => {
        if (w !== 0) zExpr.addTerm(prev[j]!, w);
      });
      const l = lb.lower[i]!;
      const u = lb.upper[i]!;
      if (kinds[k] === 'linear' || l >= 0) {
        if (kinds[k] !== 'linear') stable++;
        const h = m.addVar({ name: `h${k}_${i}`, lb: l, ub: u });
        m.addConstraint(`act${k}_${i}`, expr(h).addTerm(zExpr, -1), '=', 0);
        out.push(expr(h));
        layerUnits.push({ z: null, h, sigma: null });
        return;
      }
      if (u <= 0) {
        stable++;
        out.push(expr(0));
        layerUnits.push({ z: null, h: null, sigma: null });
        return;
      }
      unstable++;
      let z: LinExpr = zExpr;
      let zVar: Var | null = null;
      if (compact) {
        zVar = m.addVar({ name: `z${k}_${i}`, lb: l, ub: u });
        m.addConstraint(`def${k}_${i}`, expr(zVar).addTerm(zExpr, -1), '=', 0);
        z = expr(zVar);
      }
      const h = m.addVar({ name: `h${k}_${i}`, lb: 0, ub: u });
      const sigma = m.addVar({ name: `s${k}_${i}`, type: relaxed ? 'continuous' : 'binary', lb: 0, ub: 1 });
      if (!relaxed) binaries++;
      m.addConstraint(`ge${k}_${i}`, expr(h).addTerm(z, -1), '>=', 0);
      // h ≤ ẑ − l(1 − σ)  ⇔  h − ẑ − lσ ≤ −l
      m.addConstraint(`up${k}_${i}`, expr(h, [-l, sigma]).addTerm(z, -1), '<=', -l);
      m.addConstraint(`on${k}_${i}`, expr(h, [-u, sigma]), '<=', 0);
      out.push(expr(h));
      layerUnits.push({ z: zVar, h, sigma });
    });
    units.push(layerUnits);
    prev = out;
  }
  const last = net.layers[L - 1]!;
  const logit = (i: number): LinExpr => {
    const e = expr(last.b[i]!);
    last.W[i]!.forEach((w, j) => {
      if (w !== 0) e.addTerm(prev[j]!, w);
    });
    return e;
  };
  const diff = (r: LogitRow): LinExpr => logit(r.plus).addTerm(logit(r.minus), -1);
  const yVars: Var[] = [];
  if (criterion.kind === 'rows') {
    criterion.rows.forEach((r, q) => m.addConstraint(`crit${q}`, diff(r), '>=', r.margin));
  } else {
    const pick = expr();
    criterion.rows.forEach((r, q) => {
      const y = m.addVar({ name: `y${r.plus}`, type: relaxed ? 'continuous' : 'binary', lb: 0, ub: 1 });
      if (!relaxed) binaries++;
      yVars.push(y);
      pick.add(1, y);
      // o_plus − o_minus ≥ m − M(1 − y), M = m − lower bound (0 when the row always holds).
      const M = Math.max(0, r.margin - criterion.lower[q]!);
      m.addConstraint(`any${q}`, diff(r).add(-M, y), '>=', r.margin - M);
    });
    m.addConstraint('pick', pick, '>=', 1);
  }
  const inputOf = (values: ArrayLike<number>): number[] =>
    x0.map((v, j) => {
      let xj = v;
      const xv = xVars[j];
      const pj = pVars[j];
      const nj = nVars[j];
      if (xv) xj = values[xv.index]!;
      else {
        if (pj) xj += values[pj.index]!;
        if (nj) xj -= values[nj.index]!;
      }
      return Math.min(box.upper[j]!, Math.max(box.lower[j]!, xj));
    });
  const startFor = (network: Network, x: readonly number[]): Float64Array => {
    const v = new Float64Array(m.numVars);
    let dist = 0;
    x.forEach((xj, j) => {
      const delta = xj - x0[j]!;
      dist = norm === 'l1' ? dist + Math.abs(delta) : Math.max(dist, Math.abs(delta));
      const xv = xVars[j];
      if (xv) v[xv.index] = xj;
      const pj = pVars[j];
      const nj = nVars[j];
      if (pj) v[pj.index] = Math.max(0, delta);
      if (nj) v[nj.index] = Math.max(0, -delta);
    });
    if (t) v[t.index] = dist;
    const trace = traceForward(network, x);
    units.forEach((layerUnits, k) => {
      const pre = trace.layers[k]!.pre;
      layerUnits.forEach((unit, i) => {
        const zv = pre[i]!;
        if (unit.z) v[unit.z.index] = zv;
        if (unit.h) v[unit.h.index] = kinds[k] === 'linear' ? zv : Math.max(0, zv);
        if (unit.sigma) v[unit.sigma.index] = zv > 0 ? 1 : 0;
      });
    });
    if (yVars.length > 0 && criterion.kind === 'disjunction') {
      const o = trace.layers[L - 1]!.pre;
      let bestQ = 0;
      criterion.rows.forEach((r, q) => {
        const a = o[r.plus]! - o[r.minus]!;
        const b = o[criterion.rows[bestQ]!.plus]! - o[criterion.rows[bestQ]!.minus]!;
        if (a > b) bestQ = q;
      });
      v[yVars[bestQ]!.index] = 1;
    }
    return v;
  };
  return { model: m, stable, unstable, binaries, inputOf, startFor };
}
