/**
 * One LP kept alive in HiGHS across many solves: the shape of bound
 * tightening (one column cost changed per solve) and of the local solver (step
 * bounds and linearised rows replaced per iteration). Each solve starts from
 * the previous basis; outcomes are data, never exceptions.
 *
 * The LP is built once from arrays (a `MilpModel`'s, or the caller's own); the
 * edits are HiGHS's in-place changes. Call `dispose()` when done.
 */
import type { Highs, IndexSelection, Model, ModelData, NumberInput, OptionValue, RowData } from 'highs';
import type { MilpModel } from '../model/model';

/** 'unsettled': HiGHS stopped without deciding (time limit, numerical trouble, iteration limit). */
export type LpOutcome = 'optimal' | 'infeasible' | 'unsettled';

/** The LP's arrays; the objective is always minimised. */
export type LpArrays = Omit<ModelData, 'sense' | 'integrality' | 'hessian'>;

export interface LpSolveOptions {
  /** Seconds for this solve (at least a millisecond). */
  timeLimit?: number;
  /**
   * Which first outcomes stand; any other is retried once from scratch, since
   * a warm start can stall numerically. Default: optimal and infeasible.
   */
  accept?: readonly LpOutcome[];
}

const DECIDED: readonly LpOutcome[] = ['optimal', 'infeasible'];

export class PersistentLp {
  /** HiGHS runs made (a retried solve counts twice). */
  solves = 0;
  private disposed = false;

  private constructor(
    private readonly highs: Highs,
    private readonly hm: Model,
  ) {}

  /** The LP relaxation of `model` (integrality dropped), minimised. */
  static fromModel(highs: Highs, model: MilpModel, options: Readonly<Record<string, OptionValue>> = {}): PersistentLp {
    const { sense: _sense, integrality: _integrality, ...data } = model.toHighsModelData();
    return PersistentLp.fromArrays(highs, data, options);
  }

  static fromArrays(highs: Highs, data: LpArrays, options: Readonly<Record<string, OptionValue>> = {}): PersistentLp {
    const hm = highs.createModel({ ...data, sense: highs.constants.objectiveSense.minimize });
    try {
      hm.options.set({ output_flag: false, ...options });
    } catch (e) {
      hm.dispose();
      throw e;
    }
    return new PersistentLp(highs, hm);
  }

  setColCost(col: number, cost: number): void {
    this.hm.changeColCost(col, cost);
  }

  setColsCost(selection: IndexSelection, costs: NumberInput): void {
    this.hm.changeColsCost(selection, costs);
  }

  setColBounds(col: number, lower: number, upper: number): void {
    this.hm.changeColBounds(col, lower, upper);
  }

  setColsBounds(selection: IndexSelection, lower: NumberInput, upper: NumberInput): void {
    this.hm.changeColsBounds(selection, lower, upper);
  }

  setRowBounds(row: number, lower: number, upper: number): void {
    this.hm.changeRowBounds(row, lower, upper);
  }

  setRowsBounds(selection: IndexSelection, lower: NumberInput, upper: NumberInput): void {
    this.hm.changeRowsBounds(selection, lower, upper);
  }

  setCoefficient(row: number, col: number, value: number): void {
    this.hm.changeCoefficient(row, col, value);
  }

  addRows(rows: Omit<RowData, 'count'>): void {
    this.hm.addRows(rows);
  }

  deleteRows(selection: IndexSelection): void {
    this.hm.deleteRows(selection);
  }

  /** Solves from the previous basis (see `LpSolveOptions.accept` for the one retry). */
  solve(opts: LpSolveOptions = {}): LpOutcome {
    if (opts.timeLimit !== undefined) this.hm.options.set('time_limit', Math.max(1e-3, opts.timeLimit));
    const accept = opts.accept ?? DECIDED;
    let outcome = this.run();
    if (!accept.includes(outcome)) {
      this.hm.clearSolver();
      outcome = this.run();
    }
    return outcome;
  }

  /** Objective of the last optimal solve. */
  objective(): number {
    return this.hm.getObjectiveValue();
  }

  /** Column values of the last optimal solve (a fresh array). */
  columnValues(): Float64Array {
    return this.hm.getSolution().colValue;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.hm.dispose();
    } catch {
      // A runtime that aborted cannot free anything more; the worker is replaced.
    }
  }

  private run(): LpOutcome {
    this.solves++;
    const status = this.hm.run().modelStatus;
    const ms = this.highs.constants.modelStatus;
    return status === ms.optimal ? 'optimal' : status === ms.infeasible ? 'infeasible' : 'unsettled';
  }
}
