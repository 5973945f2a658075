/**
 * The records a model is made of, and the read-only view of a model that the
 * writers and the solver adapter need. Kept apart from model.ts so that the
 * writers, which model.ts calls, do not import it back.
 */
export type VarType = 'continuous' | 'binary' | 'integer';
export type ObjectiveDirection = 'min' | 'max';

export interface VariableRecord {
  readonly name: string;
  readonly type: VarType;
  lb: number;
  ub: number;
  cost: number;
}

export interface RowRecord {
  readonly name: string;
  /** Lower and upper bound of the row activity (−/+Infinity when absent). */
  lo: number;
  hi: number;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * The arrays HiGHS's `createModel` / `passModel` takes, with the matrix in
 * compressed sparse column form. `sense` is a plain string here; the solver
 * adapter maps it to HiGHS's branded constant.
 */
export interface HighsModelArrays {
  numCols: number;
  numRows: number;
  sense: ObjectiveDirection;
  offset: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: {
    format: 'csc';
    numRows: number;
    numCols: number;
    starts: Int32Array;
    indices: Int32Array;
    values: Float64Array;
  };
  /** 0 continuous, 1 integer (binaries are integers with bounds in [0, 1]). */
  integrality: Int32Array;
  colNames: string[];
  rowNames: string[];
  modelName: string;
}

/** What a writer reads from a model. */
export interface ModelView {
  readonly name: string;
  readonly variables: readonly Readonly<VariableRecord>[];
  readonly rows: readonly Readonly<RowRecord>[];
  readonly objectiveSense: ObjectiveDirection;
  readonly objectiveOffset: number;
  toHighsModelData(): HighsModelArrays;
}
