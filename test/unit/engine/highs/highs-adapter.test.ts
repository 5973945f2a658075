import { beforeAll, describe, expect, it } from 'vitest';
import { expr, MilpModel } from '../../../../src-main/engine/model/model';
import { loadHighs, solveModel, solverVersion, type Highs, type SolveProgress } from '../../../../src-main/engine/highs/highs';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/**
 * A market-split style MIP: hard for branch and bound however small, so it
 * reliably runs into limits. Feasible (x = 0 for the slack-penalised version).
 */
function hardMip(seed = 7, rows = 4, cols = 40): MilpModel {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const m = new MilpModel('market_split');
  const x = Array.from({ length: cols }, (_, j) => m.addVar({ name: `x${j}`, type: 'binary' }));
  const slack: ReturnType<MilpModel['addVar']>[] = [];
  for (let i = 0; i < rows; i++) {
    const coefs = x.map(() => Math.floor(rand() * 100));
    const rhs = Math.floor(coefs.reduce((a, c) => a + c, 0) / 2);
    const sp = m.addVar({ name: `sp${i}` });
    const sm = m.addVar({ name: `sm${i}` });
    slack.push(sp, sm);
    const e = expr(sp, [-1, sm]);
    coefs.forEach((c, j) => e.add(c, x[j]!));
    m.addConstraint(`split${i}`, e, '=', rhs);
  }
  m.minimize(expr(...slack));
  return m;
}

describe('HiGHS adapter', () => {
  it('reports the solver version', () => {
    expect(solverVersion(highs)).toMatch(/^HiGHS \d+\.\d+\.\d+/);
  });

  it('stops at the time limit with status time-limit and keeps the incumbent', () => {
    const events: SolveProgress[] = [];
    const t0 = performance.now();
    const res = solveModel(highs, hardMip(), { timeLimit: 0.5, mipGap: 0, onProgress: (p) => events.push(p) });
    const seconds = (performance.now() - t0) / 1000;
    expect(res.status).toBe('time-limit');
    expect(seconds).toBeLessThan(5);
    // x = anything with slacks is feasible, so the heuristics always find an incumbent.
    expect(res.x).not.toBeNull();
    expect(res.objective).not.toBeNull();
    expect(res.bound).not.toBeNull();
    expect(res.gap).toBeGreaterThan(0);
    expect(res.message).toMatch(/not proven optimal/);
    expect(events.at(-1)?.kind).toBe('final');
    expect(events.some((e) => e.kind === 'improving')).toBe(true);
    for (const e of events) {
      expect(e.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(typeof e.nodes).toBe('number');
    }
  });

  it('honours shouldStop through the interrupt callback, keeping the incumbent', () => {
    let calls = 0;
    const t0 = performance.now();
    const res = solveModel(highs, hardMip(11), {
      mipGap: 0,
      timeLimit: 30,
      shouldStop: () => {
        calls++;
        return performance.now() - t0 > 300;
      },
    });
    expect(calls).toBeGreaterThan(0);
    expect(res.status).toBe('interrupted');
    expect(res.solverStatus).toBe('interrupted');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(res.x).not.toBeNull();
    expect(res.message).toMatch(/stopped on request/);
  });

  it('streams throttled progress events from the MIP log', () => {
    const events: SolveProgress[] = [];
    solveModel(highs, hardMip(3), {
      timeLimit: 1.2,
      progressIntervalMs: 100,
      onProgress: (p) => events.push(p),
    });
    const logs = events.filter((e) => e.kind === 'log');
    expect(logs.length).toBeGreaterThan(1);
    for (let k = 1; k < logs.length; k++) expect(logs[k]!.elapsedMs - logs[k - 1]!.elapsedMs).toBeGreaterThanOrEqual(99);
    const withBounds = events.filter((e) => e.primal !== null && e.dual !== null);
    expect(withBounds.length).toBeGreaterThan(0);
    for (const e of withBounds) expect(e.dual!).toBeLessThanOrEqual(e.primal! + 1e-9);
  });

  it('turns bad HiGHS options into status error instead of throwing', () => {
    const m = new MilpModel();
    const x = m.addVar({ name: 'x', ub: 1 });
    m.minimize(expr(x));
    const res = solveModel(highs, m, { options: { no_such_option: 1 } });
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/HiGHS failed/);
  });

  it('does not leak HiGHS models', () => {
    // A few hundred solves of a small model must not grow Wasm memory without bound.
    const m = new MilpModel();
    const x = m.addVar({ name: 'x', type: 'integer', ub: 10 });
    const y = m.addVar({ name: 'y', ub: 10 });
    m.addConstraint('c', expr(x, y), '<=', 7.5);
    m.maximize(expr([2, x], y));
    solveModel(highs, m);
    const before = highs.memoryBytes;
    for (let k = 0; k < 300; k++) expect(solveModel(highs, m).objective).toBeCloseTo(14.5, 9);
    expect(highs.memoryBytes).toBeLessThanOrEqual(before + 16 * 1024 * 1024);
  });
});

describe('HiGHS adapter: starting solutions', () => {
  it('starts from a given feasible point and rejects one of the wrong length', () => {
    const m = hardMip(5, 2, 20);
    const start = new Float64Array(m.numVars);
    // All x = 0: the slacks absorb the right-hand sides.
    const data = m.toHighsModelData();
    for (let i = 0; i < data.numRows; i++) {
      const sp = m.variables.findIndex((v) => v.name === `sp${i}`);
      start[sp] = data.rowLower[i]!;
    }
    expect(m.maxViolation(start).violation).toBeLessThan(1e-9);
    const res = solveModel(highs, m, { start, timeLimit: 0.3, mipGap: 0 });
    expect(res.x).not.toBeNull();
    expect(res.objective!).toBeLessThanOrEqual(m.objectiveValue(start) + 1e-9);
    expect(solveModel(highs, m, { start: [1, 2] }).status).toBe('error');
  });
});
