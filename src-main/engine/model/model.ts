/**
 * A small typed modelling layer for linear and mixed-integer programs.
 *
 * Variables are typed handles, linear expressions are sums of coef·var plus a
 * constant, constraints are named rows (one-sided, equalities or ranges), and
 * the objective is minimised or maximised with a constant offset. The model
 * hands HiGHS its sparse column-wise (CSC) arrays directly through
 * `toHighsModelData()`, and can be written as CPLEX LP or MPS text.
 *
 * Pure computation: no solver import here (the adapter in engine/highs maps
 * the arrays onto HiGHS's own types).
 */
import { writeLp } from './lp-writer';
import { writeMps, type MpsFormat } from './mps-writer';
import type { HighsModelArrays, ModelView, ObjectiveDirection, RowRecord, VariableRecord, VarType } from './records';

export type { HighsModelArrays, ModelView, ObjectiveDirection, RowRecord, VariableRecord, VarType } from './records';
export type ConstraintSense = '<=' | '>=' | '=';

let nextModelId = 1;

/** A typed handle to one variable of one model. Only `MilpModel.addVar` makes them. */
export interface Var {
  readonly kind: 'var';
  readonly index: number;
  readonly name: string;
  readonly type: VarType;
  /** Identity of the owning model: a handle cannot be used in another model. */
  readonly modelId: number;
}

/** A handle to one named row. */
export interface Constraint {
  readonly kind: 'constraint';
  readonly index: number;
  readonly name: string;
}

export interface VarSpec {
  name?: string;
  /** Lower bound; default 0 (−Infinity for none). */
  lb?: number;
  /** Upper bound; default +Infinity for continuous and integer, 1 for binary. */
  ub?: number;
  type?: VarType;
  /** Objective coefficient; the objective can also be set as an expression. */
  obj?: number;
}

/** Anything that can be added to an expression. */
export type Term = Var | number | LinExpr | readonly [number, Var];

/**
 * A linear expression Σ coef·var + constant. Mutable: the `add*` methods change
 * the expression in place and return it (for chaining); `clone()` copies it.
 * Coefficients of the same variable are merged.
 */
export class LinExpr {
  /** Variable index → coefficient, in insertion order. */
  readonly terms = new Map<number, number>();
  constant = 0;
  private modelId = 0;

  constructor(...parts: Term[]) {
    for (const part of parts) this.addTerm(part);
  }

  /** Id of the model whose variables this expression uses (0 while it has none). */
  get ownerId(): number {
    return this.modelId;
  }

  /** Adds coef·v. */
  add(coef: number, v: Var): this {
    if (!Number.isFinite(coef)) throw new Error(`coefficient of ${v.name} is not finite: ${coef}`);
    if (this.modelId === 0) this.modelId = v.modelId;
    else if (this.modelId !== v.modelId) throw new Error(`variable ${v.name} belongs to another model`);
    if (coef === 0) return this;
    const merged = (this.terms.get(v.index) ?? 0) + coef;
    if (merged === 0) this.terms.delete(v.index);
    else this.terms.set(v.index, merged);
    return this;
  }

  addConstant(c: number): this {
    if (!Number.isFinite(c)) throw new Error(`constant is not finite: ${c}`);
    this.constant += c;
    return this;
  }

  /** Adds scale·term, where a term is a variable, a number, a [coef, var] pair or an expression. */
  addTerm(term: Term, scale = 1): this {
    if (typeof term === 'number') return this.addConstant(scale * term);
    if (term instanceof LinExpr) {
      if (term.modelId !== 0) {
        if (this.modelId === 0) this.modelId = term.modelId;
        else if (this.modelId !== term.modelId) throw new Error('expressions from different models cannot be combined');
      }
      for (const [index, coef] of term.terms) {
        const merged = (this.terms.get(index) ?? 0) + scale * coef;
        if (merged === 0) this.terms.delete(index);
        else this.terms.set(index, merged);
      }
      return this.addConstant(scale * term.constant);
    }
    if (isVar(term)) return this.add(scale, term);
    return this.add(scale * term[0], term[1]);
  }

  /** Multiplies the whole expression by k. */
  scale(k: number): this {
    if (!Number.isFinite(k)) throw new Error(`scale is not finite: ${k}`);
    if (k === 0) {
      this.terms.clear();
      this.constant = 0;
      return this;
    }
    for (const [index, coef] of this.terms) this.terms.set(index, coef * k);
    this.constant *= k;
    return this;
  }

  clone(): LinExpr {
    const copy = new LinExpr();
    copy.modelId = this.modelId;
    for (const [index, coef] of this.terms) copy.terms.set(index, coef);
    copy.constant = this.constant;
    return copy;
  }

  /** Value of the expression at x (indexed by variable index). */
  evaluate(x: ArrayLike<number>): number {
    let value = this.constant;
    for (const [index, coef] of this.terms) value += coef * x[index]!;
    return value;
  }
}

function isVar(term: unknown): term is Var {
  return typeof term === 'object' && term !== null && (term as Var).kind === 'var';
}

/** Builds an expression from terms: `expr(x, [2, y], -3)` is x + 2y − 3. */
export function expr(...parts: Term[]): LinExpr {
  return new LinExpr(...parts);
}

/** Σ terms; with coefficients, Σ coefs[k]·vars[k]. */
export function sum(terms: Iterable<Term>, coefs?: readonly number[]): LinExpr {
  const e = new LinExpr();
  let k = 0;
  for (const term of terms) {
    e.addTerm(term, coefs ? coefs[k]! : 1);
    k++;
  }
  if (coefs && k !== coefs.length) throw new Error(`sum: ${k} terms but ${coefs.length} coefficients`);
  return e;
}

/** Names must be valid in CPLEX LP and free MPS files, so that exports read back. */
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]{0,254}$/;
/** LP keywords that cannot be names (case-insensitive), and e/E followed by a digit (exponent). */
const RESERVED = new Set([
  'st', 'subject', 'such', 'bound', 'bounds', 'free', 'inf', 'infinity', 'end', 'bin', 'binary', 'binaries',
  'gen', 'general', 'generals', 'semi', 'semis', 'semi-continuous', 'min', 'max', 'minimize', 'maximize',
  'minimise', 'maximise', 'minimum', 'maximum', 'obj', 'rhs', 'rng', 'bnd', 'marker',
]);

function checkName(name: string, what: string): void {
  if (!NAME_PATTERN.test(name) || RESERVED.has(name.toLowerCase()) || /^[eE]([0-9eE]|$)/.test(name)) {
    throw new Error(
      `invalid ${what} name "${name}": use letters, digits, '_' and '.', start with a letter or '_', ` +
        'avoid LP keywords and names like e1',
    );
  }
}

export interface ModelStats {
  variables: number;
  constraints: number;
  binaries: number;
  integers: number;
  continuous: number;
  nonzeros: number;
}

export class MilpModel implements ModelView {
  readonly id = nextModelId++;
  readonly name: string;
  private readonly vars: VariableRecord[] = [];
  private readonly handles: Var[] = [];
  private readonly rowList: RowRecord[] = [];
  private readonly varNames = new Set<string>();
  private readonly rowNames = new Set<string>();
  private direction: ObjectiveDirection = 'min';
  private offset = 0;

  constructor(name = 'model') {
    checkName(name, 'model');
    this.name = name;
  }

  get numVars(): number {
    return this.vars.length;
  }

  get numConstraints(): number {
    return this.rowList.length;
  }

  /** Read-only views used by the writers. */
  get variables(): readonly Readonly<VariableRecord>[] {
    return this.vars;
  }

  get rows(): readonly Readonly<RowRecord>[] {
    return this.rowList;
  }

  get objectiveSense(): ObjectiveDirection {
    return this.direction;
  }

  get objectiveOffset(): number {
    return this.offset;
  }

  addVar(spec: VarSpec = {}): Var {
    const type = spec.type ?? 'continuous';
    const index = this.vars.length;
    const name = spec.name ?? this.freshName(this.varNames, `x${index}`);
    checkName(name, 'variable');
    if (this.varNames.has(name)) throw new Error(`duplicate variable name "${name}"`);
    let lb = spec.lb ?? 0;
    let ub = spec.ub ?? (type === 'binary' ? 1 : Infinity);
    if (Number.isNaN(lb) || Number.isNaN(ub) || lb === Infinity || ub === -Infinity) {
      throw new Error(`variable ${name}: invalid bounds [${lb}, ${ub}]`);
    }
    if (type === 'binary') {
      if (lb < 0 || ub > 1) throw new Error(`binary variable ${name} must have bounds within [0, 1]`);
    }
    if (type !== 'continuous') {
      // Integral bounds keep writers and solver in agreement.
      // (+ 0 turns −0 into 0.)
      lb = Number.isFinite(lb) ? Math.ceil(lb - 1e-9) + 0 : lb;
      ub = Number.isFinite(ub) ? Math.floor(ub + 1e-9) + 0 : ub;
    }
    if (lb > ub) throw new Error(`variable ${name}: lower bound ${lb} above upper bound ${ub}`);
    const cost = spec.obj ?? 0;
    if (!Number.isFinite(cost)) throw new Error(`variable ${name}: objective coefficient is not finite`);
    this.varNames.add(name);
    this.vars.push({ name, type, lb, ub, cost });
    const handle: Var = Object.freeze({ kind: 'var', index, name, type, modelId: this.id });
    this.handles.push(handle);
    return handle;
  }

  /** The handle of variable `index` (e.g. to read a solution by position). */
  variable(index: number): Var {
    const v = this.handles[index];
    if (!v) throw new Error(`no variable ${index}`);
    return v;
  }

  bounds(v: Var): { lb: number; ub: number } {
    const rec = this.record(v);
    return { lb: rec.lb, ub: rec.ub };
  }

  setBounds(v: Var, lb: number, ub: number): void {
    const rec = this.record(v);
    if (Number.isNaN(lb) || Number.isNaN(ub) || lb > ub) throw new Error(`variable ${v.name}: invalid bounds [${lb}, ${ub}]`);
    rec.lb = lb;
    rec.ub = ub;
  }

  /** Adds the row `expr sense rhs`; the expression's constant moves to the right-hand side. */
  addConstraint(name: string | undefined, e: LinExpr | Term, sense: ConstraintSense, rhs: number): Constraint {
    if (!Number.isFinite(rhs)) throw new Error(`constraint ${name ?? ''}: right-hand side is not finite`);
    const lin = e instanceof LinExpr ? e : new LinExpr(e);
    const r = rhs - lin.constant;
    const lo = sense === '<=' ? -Infinity : r;
    const hi = sense === '>=' ? Infinity : r;
    return this.pushRow(name, lin, lo, hi);
  }

  /** Adds the ranged row `lo ≤ expr ≤ hi` (either side may be infinite). */
  addRange(name: string | undefined, lo: number, e: LinExpr | Term, hi: number): Constraint {
    if (Number.isNaN(lo) || Number.isNaN(hi) || lo === Infinity || hi === -Infinity || lo > hi) {
      throw new Error(`range ${name ?? ''}: invalid bounds [${lo}, ${hi}]`);
    }
    const lin = e instanceof LinExpr ? e : new LinExpr(e);
    return this.pushRow(name, lin, lo - lin.constant, hi - lin.constant);
  }

  /** Sets the objective (replacing any per-variable `obj` coefficients); its constant is the offset. */
  setObjective(direction: ObjectiveDirection, e: LinExpr | Term): void {
    const lin = e instanceof LinExpr ? e : new LinExpr(e);
    this.checkOwnership(lin);
    this.direction = direction;
    for (const rec of this.vars) rec.cost = 0;
    for (const [index, coef] of lin.terms) this.vars[index]!.cost = coef;
    this.offset = lin.constant;
  }

  minimize(e: LinExpr | Term): void {
    this.setObjective('min', e);
  }

  maximize(e: LinExpr | Term): void {
    this.setObjective('max', e);
  }

  /** The objective as an expression. */
  objective(): LinExpr {
    const e = new LinExpr();
    this.vars.forEach((rec, index) => {
      if (rec.cost !== 0) e.add(rec.cost, this.handles[index]!);
    });
    return e.addConstant(this.offset);
  }

  stats(): ModelStats {
    let binaries = 0;
    let integers = 0;
    for (const rec of this.vars) {
      if (rec.type === 'binary') binaries++;
      else if (rec.type === 'integer') integers++;
    }
    let nonzeros = 0;
    for (const row of this.rowList) nonzeros += row.indices.length;
    return {
      variables: this.vars.length,
      constraints: this.rowList.length,
      binaries,
      integers,
      continuous: this.vars.length - binaries - integers,
      nonzeros,
    };
  }

  isMip(): boolean {
    return this.vars.some((rec) => rec.type !== 'continuous');
  }

  /** Objective value at x. */
  objectiveValue(x: ArrayLike<number>): number {
    let value = this.offset;
    this.vars.forEach((rec, index) => {
      value += rec.cost * x[index]!;
    });
    return value;
  }

  /**
   * Largest violation of any bound, row or integrality requirement at x (0 when
   * x is feasible), with the name of the worst offender.
   */
  maxViolation(x: ArrayLike<number>): { violation: number; where: string | null } {
    if (x.length !== this.vars.length) throw new Error(`expected ${this.vars.length} values, got ${x.length}`);
    let worst = 0;
    let where: string | null = null;
    const note = (v: number, name: string) => {
      if (v > worst) {
        worst = v;
        where = name;
      }
    };
    this.vars.forEach((rec, index) => {
      const value = x[index]!;
      note(rec.lb - value, rec.name);
      note(value - rec.ub, rec.name);
      if (rec.type !== 'continuous') note(Math.abs(value - Math.round(value)), rec.name);
    });
    for (const row of this.rowList) {
      let activity = 0;
      for (let k = 0; k < row.indices.length; k++) activity += row.values[k]! * x[row.indices[k]!]!;
      note(row.lo - activity, row.name);
      note(activity - row.hi, row.name);
    }
    return { violation: worst, where };
  }

  /** The model as HiGHS's column-wise arrays (no text round trip). */
  toHighsModelData(): HighsModelArrays {
    const numCols = this.vars.length;
    const numRows = this.rowList.length;
    const counts = new Int32Array(numCols + 1);
    for (const row of this.rowList) for (const j of row.indices) counts[j + 1]!++;
    const starts = new Int32Array(numCols + 1);
    for (let j = 0; j < numCols; j++) starts[j + 1] = starts[j]! + counts[j + 1]!;
    const nnz = starts[numCols]!;
    const indices = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    const fill = starts.slice(0, numCols);
    // Rows are visited in order, so row indices within each column come out sorted.
    this.rowList.forEach((row, i) => {
      for (let k = 0; k < row.indices.length; k++) {
        const j = row.indices[k]!;
        const at = fill[j]!++;
        indices[at] = i;
        values[at] = row.values[k]!;
      }
    });
    return {
      numCols,
      numRows,
      sense: this.direction,
      offset: this.offset,
      colCost: Float64Array.from(this.vars, (r) => r.cost),
      colLower: Float64Array.from(this.vars, (r) => r.lb),
      colUpper: Float64Array.from(this.vars, (r) => r.ub),
      rowLower: Float64Array.from(this.rowList, (r) => r.lo),
      rowUpper: Float64Array.from(this.rowList, (r) => r.hi),
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
      integrality: Int32Array.from(this.vars, (r) => (r.type === 'continuous' ? 0 : 1)),
      colNames: this.vars.map((r) => r.name),
      rowNames: this.rowList.map((r) => r.name),
      modelName: this.name,
    };
  }

  /** CPLEX LP text (ranged rows are written as two rows, NAME_lo and NAME_hi). */
  toLpText(): string {
    return writeLp(this);
  }

  /** MPS text: free format by default; fixed format uses short generated names when needed. */
  toMpsText(format: MpsFormat = 'free'): string {
    return writeMps(this, format);
  }

  private record(v: Var): VariableRecord {
    if (v.modelId !== this.id) throw new Error(`variable ${v.name} belongs to another model`);
    return this.vars[v.index]!;
  }

  private checkOwnership(e: LinExpr): void {
    // LinExpr refuses to mix models, so checking its owner is enough.
    if (e.ownerId !== 0 && e.ownerId !== this.id) throw new Error('expression uses variables of another model');
  }

  private pushRow(name: string | undefined, lin: LinExpr, lo: number, hi: number): Constraint {
    this.checkOwnership(lin);
    const index = this.rowList.length;
    const rowName = name ?? this.freshName(this.rowNames, `c${index}`);
    checkName(rowName, 'constraint');
    if (this.rowNames.has(rowName)) throw new Error(`duplicate constraint name "${rowName}"`);
    const entries = [...lin.terms].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0]);
    this.rowNames.add(rowName);
    this.rowList.push({
      name: rowName,
      lo,
      hi,
      indices: Int32Array.from(entries, ([j]) => j),
      values: Float64Array.from(entries, ([, c]) => c),
    });
    return { kind: 'constraint', index, name: rowName };
  }

  private freshName(used: Set<string>, base: string): string {
    if (!used.has(base)) return base;
    let k = 1;
    while (used.has(`${base}_${k}`)) k++;
    return `${base}_${k}`;
  }
}
