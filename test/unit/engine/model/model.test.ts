import { beforeAll, describe, expect, it } from 'vitest';
import { expr, LinExpr, MilpModel, sum } from '../../../../src-main/engine/model/model';
import { formatNumber12 } from '../../../../src-main/engine/model/mps-writer';
import { loadHighs, solveModel, type Highs } from '../../../../src-main/engine/highs/highs';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** max 3x + 2y + 1  s.t. x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0  →  x = 3, y = 1, objective 12. */
function tinyLp(): MilpModel {
  const m = new MilpModel('tiny_lp');
  const x = m.addVar({ name: 'x', ub: 3 });
  const y = m.addVar({ name: 'y' });
  m.addConstraint('cap', expr(x, y), '<=', 4);
  m.addConstraint('mix', expr(x, [3, y]), '<=', 6);
  m.maximize(expr([3, x], [2, y], 1));
  return m;
}

/**
 * A small knapsack-like MIP with a ranged row, an equality, a free variable, a
 * fixed variable, a general integer, a negative lower bound and an objective
 * constant: min −5a − 4b − 3c + f + 10 with known optimum (by enumeration below).
 */
function tinyMip(): MilpModel {
  const m = new MilpModel('tiny_mip');
  const a = m.addVar({ name: 'a', type: 'binary' });
  const b = m.addVar({ name: 'b', type: 'binary' });
  const c = m.addVar({ name: 'c', type: 'integer', lb: -2, ub: 5 });
  const f = m.addVar({ name: 'f', lb: -Infinity });
  const g = m.addVar({ name: 'g', lb: 1.5, ub: 1.5 });
  const h = m.addVar({ name: 'h_unused', lb: -1, ub: 2 });
  m.addConstraint('weight', expr([2, a], [3, b], [1, c]), '<=', 5.5);
  m.addRange('band', 1, expr(a, b, c), 4);
  m.addConstraint('free_def', expr(f, [-1, c], [-1, g]), '=', -3);
  m.addConstraint('f_floor', expr(f), '>=', -10);
  m.minimize(expr([-5, a], [-4, b], [-3, c], f, 10));
  void h;
  return m;
}

/** Brute force over the integer variables of tinyMip (f = c + g − 3 is then determined). */
function tinyMipOptimum(): number {
  let best = Infinity;
  for (const a of [0, 1])
    for (const b of [0, 1])
      for (let c = -2; c <= 5; c++) {
        if (2 * a + 3 * b + c > 5.5) continue;
        if (a + b + c < 1 || a + b + c > 4) continue;
        const f = c + 1.5 - 3;
        if (f < -10) continue;
        best = Math.min(best, -5 * a - 4 * b - 3 * c + f + 10);
      }
  return best;
}

function solveText(format: 'lp' | 'mps', data: string): { status: number; objective: number } {
  const model = highs.createModel({ format, data: format === 'mps' ? new TextEncoder().encode(data) : data });
  try {
    model.options.set({ output_flag: false, mip_rel_gap: 0 });
    model.run();
    return { status: model.getModelStatus(), objective: model.getObjectiveValue() };
  } finally {
    model.dispose();
  }
}

describe('linear expressions', () => {
  it('merges terms, moves constants and scales', () => {
    const m = new MilpModel();
    const x = m.addVar({ name: 'x' });
    const y = m.addVar({ name: 'y' });
    const e = expr(x, [2, y], 3, [-1, x]).addTerm(expr(y, 1), 2);
    expect([...e.terms]).toEqual([[1, 4]]);
    expect(e.constant).toBe(5);
    expect(e.clone().scale(-2).evaluate([10, 1])).toBe(-18);
    expect(e.evaluate([10, 1])).toBe(9);
    expect(sum([x, y, x], [1, 2, 3]).terms.get(x.index)).toBe(4);
    expect(() => sum([x, y], [1])).toThrow(/coefficients/);
  });

  it('refuses variables of another model and bad names', () => {
    const m1 = new MilpModel();
    const m2 = new MilpModel();
    const x = m1.addVar({ name: 'x' });
    const y = m2.addVar({ name: 'y' });
    expect(() => expr(x, y)).toThrow(/another model/);
    expect(() => m2.addConstraint('c', new LinExpr(x), '<=', 1)).toThrow(/another model/);
    expect(() => m1.addVar({ name: 'x' })).toThrow(/duplicate/);
    for (const bad of ['2x', 'a b', 'e1', 'free', 'obj', 'x[1]', '']) {
      expect(() => m1.addVar({ name: bad })).toThrow(/invalid variable name/);
    }
    expect(() => m1.addVar({ name: 'bb', type: 'binary', ub: 2 })).toThrow(/binary/);
    expect(() => m1.addVar({ name: 'v', lb: 2, ub: 1 })).toThrow(/bound/);
    // Automatic names never collide with given ones.
    m1.addVar({ name: 'x2' });
    expect(m1.addVar().name).not.toBe('x2');
  });
});

describe('model arrays for HiGHS', () => {
  it('builds the column-wise (CSC) matrix, bounds, costs and integrality', () => {
    const m = new MilpModel('csc');
    const x = m.addVar({ name: 'x', lb: -1, ub: 2 });
    const y = m.addVar({ name: 'y', type: 'binary' });
    const z = m.addVar({ name: 'z', type: 'integer', lb: 0, ub: 7 });
    // Rows: [1 0 2; 0 3 0; 4 5 6] with one ranged and one equality row.
    m.addConstraint('r0', expr(x, [2, z]), '<=', 4);
    m.addConstraint('r1', expr([3, y], 1), '=', 4);
    m.addRange('r2', -1, expr([4, x], [5, y], [6, z]), 9);
    m.setObjective('max', expr([2, x], [-1, z], 0.5));
    const d = m.toHighsModelData();
    expect(d.numCols).toBe(3);
    expect(d.numRows).toBe(3);
    expect(d.sense).toBe('max');
    expect(d.offset).toBe(0.5);
    expect([...d.matrix.starts]).toEqual([0, 2, 4, 6]);
    expect([...d.matrix.indices]).toEqual([0, 2, 1, 2, 0, 2]);
    expect([...d.matrix.values]).toEqual([1, 4, 3, 5, 2, 6]);
    expect([...d.colCost]).toEqual([2, 0, -1]);
    expect([...d.colLower]).toEqual([-1, 0, 0]);
    expect([...d.colUpper]).toEqual([2, 1, 7]);
    expect([...d.rowLower]).toEqual([-Infinity, 3, -1]);
    expect([...d.rowUpper]).toEqual([4, 3, 9]);
    expect([...d.integrality]).toEqual([0, 1, 1]);
    expect(d.colNames).toEqual(['x', 'y', 'z']);
    expect(d.rowNames).toEqual(['r0', 'r1', 'r2']);
    expect(m.stats()).toEqual({ variables: 3, constraints: 3, binaries: 1, integers: 1, continuous: 1, nonzeros: 6 });
    expect(m.isMip()).toBe(true);
    // The same matrix as HiGHS stores it.
    const model = highs.createModel({ ...d, sense: highs.constants.objectiveSense.maximize });
    try {
      const back = model.getLp('csc');
      expect([...back.matrix.starts]).toEqual([...d.matrix.starts]);
      expect([...back.matrix.indices]).toEqual([...d.matrix.indices]);
      expect([...back.matrix.values]).toEqual([...d.matrix.values]);
    } finally {
      model.dispose();
    }
  });
});

describe('solving small models', () => {
  it('solves a tiny LP to its known optimum', () => {
    const m = tinyLp();
    const res = solveModel(highs, m);
    expect(res.status).toBe('optimal');
    expect(res.objective).toBeCloseTo(12, 9);
    expect(res.bound).toBeCloseTo(12, 9);
    expect(res.gap).toBe(0);
    expect(res.x![0]).toBeCloseTo(3, 9);
    expect(res.x![1]).toBeCloseTo(1, 9);
    expect(m.maxViolation(res.x!).violation).toBeLessThan(1e-9);
    expect(m.objectiveValue(res.x!)).toBeCloseTo(12, 9);
  });

  it('solves a tiny MIP to the brute-force optimum', () => {
    const m = tinyMip();
    const res = solveModel(highs, m, { mipGap: 0 });
    expect(res.status).toBe('optimal');
    expect(res.objective).toBeCloseTo(tinyMipOptimum(), 9);
    expect(res.bound).toBeCloseTo(tinyMipOptimum(), 6);
    expect(m.maxViolation(res.x!).violation).toBeLessThan(1e-6);
    expect(res.log).toMatch(/Optimal/);
  });

  it('reports infeasible and unbounded as data', () => {
    const inf = new MilpModel();
    const a = inf.addVar({ name: 'a', type: 'binary' });
    const b = inf.addVar({ name: 'b', type: 'binary' });
    inf.addConstraint('both', expr(a, b), '>=', 3);
    inf.minimize(expr(a));
    expect(solveModel(highs, inf).status).toBe('infeasible');

    const unb = new MilpModel();
    const x = unb.addVar({ name: 'x' });
    const k = unb.addVar({ name: 'k', type: 'integer' });
    unb.addConstraint('c', expr(x, [-1, k]), '>=', 0);
    unb.maximize(expr(x, k));
    const res = solveModel(highs, unb);
    expect(['unbounded', 'infeasible']).toContain(res.status);
    expect(res.status).toBe('unbounded');
  });

  it('solves an empty model without HiGHS', () => {
    const m = new MilpModel();
    m.minimize(expr(7));
    expect(solveModel(highs, m)).toMatchObject({ status: 'optimal', objective: 7 });
  });
});

describe('LP and MPS writers', () => {
  it('write models that read back into HiGHS with the same optimum', () => {
    for (const [m, expected] of [
      [tinyLp(), 12],
      [tinyMip(), tinyMipOptimum()],
    ] as const) {
      const lp = m.toLpText();
      const free = m.toMpsText('free');
      const fixed = m.toMpsText('fixed');
      for (const [format, text] of [
        ['lp', lp],
        ['mps', free],
        ['mps', fixed],
      ] as const) {
        const res = solveText(format, text);
        expect(res.status, `${m.name} ${format}\n${text}`).toBe(highs.constants.modelStatus.optimal);
        expect(res.objective, `${m.name} ${format}`).toBeCloseTo(expected, 9);
      }
    }
  });

  it('writes the expected LP text', () => {
    const lp = tinyMip().toLpText();
    expect(lp).toContain('Minimize\n obj: - 5 a - 4 b - 3 c + 1 f + 10\n');
    expect(lp).toContain(' band_lo: + 1 a + 1 b + 1 c >= 1\n band_hi: + 1 a + 1 b + 1 c <= 4\n');
    expect(lp).toContain(' free_def: - 1 c + 1 f - 1 g = -3\n');
    expect(lp).toContain(' f free\n');
    expect(lp).toContain(' g = 1.5\n');
    expect(lp).toContain(' -1 <= h_unused <= 2\n');
    expect(lp).toContain('Generals\n c\nBinaries\n a b\nEnd\n');
  });

  it('writes fixed MPS in columns, with short names when needed', () => {
    const m = new MilpModel('fx');
    const longName = m.addVar({ name: 'a_rather_long_name', ub: 1 / 3 });
    m.addConstraint('row', expr([0.1234567890123, longName]), '<=', 1);
    m.maximize(expr(longName));
    const text = m.toMpsText('fixed');
    expect(text).toContain('*   C1 = a_rather_long_name');
    const column = text.split('\n').find((l) => l.startsWith('    C1'))!;
    expect(column.slice(4, 12).trim()).toBe('C1');
    expect(column.slice(14, 22).trim()).toBe('obj');
    expect(column.slice(24, 36).trim()).toBe('1');
    expect(column.slice(39, 47).trim()).toBe('R1');
    expect(column.slice(49).trim().length).toBeLessThanOrEqual(12);
    expect(formatNumber12(0.1234567890123)).toBe('0.123456789');
    expect(formatNumber12(-1.23456789e-12).length).toBeLessThanOrEqual(12);
    expect(Math.abs(Number(formatNumber12(-1.23456789e-12)) / -1.23456789e-12 - 1)).toBeLessThan(1e-5);
    expect(solveText('mps', text).objective).toBeCloseTo(1 / 3, 9);
  });
});
