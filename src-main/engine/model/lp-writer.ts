/**
 * CPLEX LP writer. The output reads back into HiGHS (and CPLEX, Gurobi, SCIP)
 * as the same problem. CPLEX LP has no two-sided rows, so a ranged row
 * `lo ≤ a·x ≤ hi` is written as two rows, NAME_lo (≥ lo) and NAME_hi (≤ hi),
 * which is what HiGHS's own LP writer does too.
 */
import type { ModelView } from './records';

/** Shortest decimal that reads back as the same double; no "-0". */
export function formatNumber(v: number): string {
  if (v === Infinity) return '+inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0) || v === 0) return '0';
  return String(v);
}

const TERMS_PER_LINE = 8;

function linear(names: readonly string[], indices: ArrayLike<number>, values: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let k = 0; k < indices.length; k++) {
    const c = values[k]!;
    const sign = c < 0 ? '-' : '+';
    const term = `${sign} ${formatNumber(Math.abs(c))} ${names[indices[k]!]!}`;
    parts.push((k > 0 && k % TERMS_PER_LINE === 0 ? '\n   ' : '') + term);
  }
  return parts.join(' ');
}

export function writeLp(model: ModelView): string {
  const vars = model.variables;
  const names = vars.map((v) => v.name);
  const out: string[] = [];
  out.push(`\\ ${model.name}: written by ReLU Lab`);
  out.push(`\\ ${vars.length} variables, ${model.rows.length} constraints`);
  out.push(model.objectiveSense === 'min' ? 'Minimize' : 'Maximize');

  const objIdx: number[] = [];
  const objVal: number[] = [];
  vars.forEach((v, j) => {
    if (v.cost !== 0) {
      objIdx.push(j);
      objVal.push(v.cost);
    }
  });
  let objective = ` obj: ${linear(names, objIdx, objVal)}`;
  const offset = model.objectiveOffset;
  if (offset !== 0) objective += ` ${offset < 0 ? '-' : '+'} ${formatNumber(Math.abs(offset))}`;
  out.push(objective.trimEnd());

  out.push('Subject To');
  const used = new Set(model.rows.map((r) => r.name));
  const fresh = (base: string): string => {
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}${k}`;
    used.add(name);
    return name;
  };
  for (const row of model.rows) {
    // A row with no terms still has to name a variable to be parsed.
    const body =
      row.indices.length > 0 ? linear(names, row.indices, row.values) : names.length > 0 ? `0 ${names[0]}` : null;
    if (body === null) continue;
    const lo = row.lo;
    const hi = row.hi;
    if (lo === hi) out.push(` ${row.name}: ${body} = ${formatNumber(hi)}`);
    else if (lo === -Infinity && hi === Infinity) out.push(`\\ ${row.name} is free (no bounds) and omitted`);
    else if (lo === -Infinity) out.push(` ${row.name}: ${body} <= ${formatNumber(hi)}`);
    else if (hi === Infinity) out.push(` ${row.name}: ${body} >= ${formatNumber(lo)}`);
    else {
      out.push(` ${fresh(`${row.name}_lo`)}: ${body} >= ${formatNumber(lo)}`);
      out.push(` ${fresh(`${row.name}_hi`)}: ${body} <= ${formatNumber(hi)}`);
    }
  }

  // Every variable gets a bounds line (binaries with [0, 1] are declared in
  // their own section), so each one is declared even if it appears nowhere else.
  out.push('Bounds');
  const binaries: string[] = [];
  const generals: string[] = [];
  for (const v of vars) {
    if (v.type === 'binary' && v.lb === 0 && v.ub === 1) {
      binaries.push(v.name);
      continue;
    }
    if (v.type !== 'continuous') generals.push(v.name);
    if (v.lb === v.ub) out.push(` ${v.name} = ${formatNumber(v.lb)}`);
    else if (v.lb === -Infinity && v.ub === Infinity) out.push(` ${v.name} free`);
    else out.push(` ${formatNumber(v.lb)} <= ${v.name} <= ${formatNumber(v.ub)}`);
  }
  const section = (title: string, list: string[]) => {
    if (list.length === 0) return;
    out.push(title);
    for (let k = 0; k < list.length; k += TERMS_PER_LINE) out.push(` ${list.slice(k, k + TERMS_PER_LINE).join(' ')}`);
  };
  section('Generals', generals);
  section('Binaries', binaries);
  out.push('End');
  return `${out.join('\n')}\n`;
}
