import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs, type Highs } from '../../../../src-main/engine/highs/highs';
import { PersistentLp } from '../../../../src-main/engine/highs/persistent-lp';
import { expr, MilpModel } from '../../../../src-main/engine/model/model';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** x + 2y ≤ 4, 3x + y ≤ 6, x, y ∈ [0, 10]; y binary in the model (the LP drops integrality). */
function triangle(): MilpModel {
  const m = new MilpModel('triangle');
  const x = m.addVar({ name: 'x', ub: 10 });
  const y = m.addVar({ name: 'y', ub: 10, type: 'integer' });
  m.addConstraint('c1', expr(x, [2, y]), '<=', 4);
  m.addConstraint('c2', expr([3, x], y), '<=', 6);
  return m;
}

describe('PersistentLp', () => {
  it('solves the relaxation of a model, then re-solves after cost and bound changes', () => {
    const lp = PersistentLp.fromModel(highs, triangle());
    try {
      // min −x − y over the relaxation: (1.6, 1.2), value −2.8 (y is not rounded).
      lp.setColsCost({ kind: 'range', from: 0, to: 1 }, [-1, -1]);
      expect(lp.solve()).toBe('optimal');
      expect(lp.objective()).toBeCloseTo(-2.8, 9);
      expect(Array.from(lp.columnValues())).toEqual([expect.closeTo(1.6, 9), expect.closeTo(1.2, 9)]);
      lp.setColCost(1, 0);
      expect(lp.solve()).toBe('optimal');
      expect(lp.objective()).toBeCloseTo(-2, 9);
      lp.setColBounds(0, 3, 10);
      expect(lp.solve()).toBe('infeasible');
      expect(lp.solves).toBe(3);
    } finally {
      lp.dispose();
    }
  });

  it('edits rows in place: bounds, coefficients, added and deleted rows', () => {
    const lp = PersistentLp.fromArrays(highs, {
      numCols: 2,
      numRows: 1,
      colCost: [1, 1],
      colLower: [0, 0],
      colUpper: [Infinity, Infinity],
      rowLower: [1],
      rowUpper: [Infinity],
      matrix: { format: 'csr', numRows: 1, numCols: 2, starts: [0, 2], indices: [0, 1], values: [1, 2] },
    });
    try {
      // min x + y s.t. x + 2y ≥ 1: y = 0.5; then x + 4y ≥ 2, the same value.
      expect(lp.solve()).toBe('optimal');
      expect(lp.objective()).toBeCloseTo(0.5, 9);
      lp.setCoefficient(0, 1, 4);
      lp.setRowBounds(0, 2, Infinity);
      expect(lp.solve()).toBe('optimal');
      expect(lp.objective()).toBeCloseTo(0.5, 9);
      lp.addRows({
        lower: Float64Array.of(1),
        upper: Float64Array.of(Infinity),
        matrix: { format: 'csr', numRows: 1, numCols: 2, starts: Int32Array.of(0, 1), indices: Int32Array.of(0), values: Float64Array.of(1) },
      });
      // x ≥ 1 too: x = 1, 4y ≥ 1.
      expect(lp.solve()).toBe('optimal');
      expect(lp.objective()).toBeCloseTo(1.25, 9);
      lp.setRowsBounds({ kind: 'range', from: 1, to: 1 }, [5], [Infinity]);
      expect(lp.solve()).toBe('optimal');
      expect(lp.objective()).toBeCloseTo(5, 9);
      lp.deleteRows({ kind: 'range', from: 1, to: 1 });
      lp.setColsBounds({ kind: 'range', from: 0, to: 1 }, [0, 0], [0, 0]);
      expect(lp.solve()).toBe('infeasible');
    } finally {
      lp.dispose();
    }
  });

  it('retries an unsettled solve once from scratch, and only outcomes outside `accept`', () => {
    const lp = PersistentLp.fromModel(highs, triangle(), { simplex_iteration_limit: 0 });
    try {
      lp.setColsCost({ kind: 'range', from: 0, to: 1 }, [-1, -1]);
      expect(lp.solve()).toBe('unsettled');
      expect(lp.solves).toBe(2);
      expect(lp.solve({ accept: ['unsettled'] })).toBe('unsettled');
      expect(lp.solves).toBe(3);
    } finally {
      lp.dispose();
    }
  });

  it('refuses an unknown option without leaking the model, and disposes once', () => {
    const before = highs.memoryBytes;
    for (let k = 0; k < 50; k++) expect(() => PersistentLp.fromModel(highs, triangle(), { no_such_option: 1 })).toThrow();
    expect(highs.memoryBytes).toBeLessThanOrEqual(before + 16 * 1024 * 1024);
    const lp = PersistentLp.fromModel(highs, triangle());
    lp.dispose();
    expect(() => lp.dispose()).not.toThrow();
  });
});
