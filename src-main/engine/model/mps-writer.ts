/**
 * MPS writer, free or fixed format.
 *
 * Conventions (the ones HiGHS, CPLEX and Gurobi read): the objective is the
 * first N row, `obj`; its RHS entry is the NEGATED objective constant;
 * maximisation is stated in an OBJSENSE section; integer columns sit between
 * MARKER INTORG/INTEND lines and always get explicit bounds (some readers give
 * a marked integer without bounds an upper bound of 1); a ranged row is a G row
 * at its lower bound with RANGES entry hi − lo.
 *
 * Fixed format has 8-character name fields and 12-character number fields:
 * when any name is longer, generated names C1…, R1… are used (the original
 * names are listed in comment lines), and numbers are rounded to fit.
 */
import { formatNumber } from './lp-writer';
import type { ModelView } from './records';

export type MpsFormat = 'free' | 'fixed';

/** Number in at most 12 characters (fixed MPS field width). */
export function formatNumber12(v: number): string {
  const s = formatNumber(v);
  if (s.length <= 12) return s;
  for (let p = 12; p >= 1; p--) {
    const t = v
      .toPrecision(p)
      .replace(/(\.\d*?)0+(e|$)/, '$1$2')
      .replace(/\.(e|$)/, '$1')
      .replace('e+', 'e');
    if (t.length <= 12) return t;
  }
  return s;
}

export function writeMps(model: ModelView, format: MpsFormat = 'free'): string {
  const data = model.toHighsModelData();
  const vars = model.variables;
  const rows = model.rows;
  const fixed = format === 'fixed';
  const tooLong = fixed && (vars.some((v) => v.name.length > 8) || rows.some((r) => r.name.length > 8));
  const colName = (j: number) => (tooLong ? `C${j + 1}` : vars[j]!.name);
  const rowName = (i: number) => (tooLong ? `R${i + 1}` : rows[i]!.name);
  const num = fixed ? formatNumber12 : formatNumber;
  const OBJ = 'obj';

  // One data line: field1 (type code) and up to five more fields.
  const line = (f1: string, f2: string, f3 = '', f4 = '', f5 = '', f6 = ''): string => {
    if (!fixed) {
      const rest = [f2, f3, f4, f5, f6].filter((f) => f !== '').join(' ');
      return f1 === '' ? `    ${rest}` : ` ${f1} ${rest}`;
    }
    // Columns 2-3, 5-12, 15-22, 25-36, 40-47, 50-61.
    let s = ` ${f1.padEnd(2)} ${f2.padEnd(8)}  ${f3.padEnd(8)}  ${f4.padEnd(12)}`;
    if (f5 !== '') s += `   ${f5.padEnd(8)}  ${f6}`;
    return s.trimEnd();
  };

  const out: string[] = [];
  out.push(`* ${model.name}: written by ReLU Lab (${format} MPS)`);
  if (tooLong) {
    out.push('* names longer than 8 characters were replaced:');
    vars.forEach((v, j) => out.push(`*   ${colName(j)} = ${v.name}`));
    rows.forEach((r, i) => out.push(`*   ${rowName(i)} = ${r.name}`));
  }
  out.push(fixed ? `NAME          ${model.name.slice(0, 40)}` : `NAME ${model.name}`);
  if (model.objectiveSense === 'max') {
    out.push('OBJSENSE');
    out.push('    MAX');
  }
  out.push('ROWS');
  out.push(line('N', OBJ));
  const kinds: string[] = rows.map((r) => {
    if (r.lo === r.hi) return 'E';
    if (r.lo === -Infinity && r.hi === Infinity) return 'N';
    if (r.lo === -Infinity) return 'L';
    return 'G';
  });
  rows.forEach((_, i) => out.push(line(kinds[i]!, rowName(i))));

  out.push('COLUMNS');
  let inInteger = false;
  let marker = 0;
  const markerLine = (kind: 'INTORG' | 'INTEND') => {
    const name = `M${String(marker++).padStart(7, '0')}`;
    out.push(fixed ? line('', name, "'MARKER'", '', `'${kind}'`) : `    ${name} 'MARKER' '${kind}'`);
  };
  for (let j = 0; j < data.numCols; j++) {
    const integer = vars[j]!.type !== 'continuous';
    if (integer !== inInteger) {
      markerLine(integer ? 'INTORG' : 'INTEND');
      inInteger = integer;
    }
    const entries: [string, string][] = [];
    if (vars[j]!.cost !== 0) entries.push([OBJ, num(vars[j]!.cost)]);
    for (let k = data.matrix.starts[j]!; k < data.matrix.starts[j + 1]!; k++) {
      entries.push([rowName(data.matrix.indices[k]!), num(data.matrix.values[k]!)]);
    }
    // A column that appears nowhere still has to be declared.
    if (entries.length === 0) entries.push([OBJ, '0']);
    for (let k = 0; k < entries.length; k += 2) {
      const a = entries[k]!;
      const b = entries[k + 1];
      out.push(line('', colName(j), a[0], a[1], b?.[0] ?? '', b?.[1] ?? ''));
    }
  }
  if (inInteger) markerLine('INTEND');

  const rhs: [string, string][] = [];
  if (model.objectiveOffset !== 0) rhs.push([OBJ, num(-model.objectiveOffset)]);
  const ranges: [string, string][] = [];
  rows.forEach((r, i) => {
    const kind = kinds[i]!;
    const value = kind === 'L' ? r.hi : kind === 'N' ? 0 : r.lo;
    if (value !== 0) rhs.push([rowName(i), num(value)]);
    if (kind === 'G' && r.hi !== Infinity) ranges.push([rowName(i), num(r.hi - r.lo)]);
  });
  out.push('RHS');
  for (const [name, value] of rhs) out.push(line('', 'RHS', name, value));
  if (ranges.length > 0) {
    out.push('RANGES');
    for (const [name, value] of ranges) out.push(line('', 'RNG', name, value));
  }

  const bounds: string[] = [];
  vars.forEach((v, j) => {
    const name = colName(j);
    const integer = v.type !== 'continuous';
    if (v.type === 'binary' && v.lb === 0 && v.ub === 1) {
      bounds.push(line('BV', 'BND', name));
      return;
    }
    if (v.lb === v.ub) {
      bounds.push(line('FX', 'BND', name, num(v.lb)));
      return;
    }
    if (v.lb === -Infinity && v.ub === Infinity) {
      bounds.push(line('FR', 'BND', name));
      return;
    }
    if (v.lb === -Infinity) bounds.push(line('MI', 'BND', name));
    else if (v.lb !== 0 || integer) bounds.push(line('LO', 'BND', name, num(v.lb)));
    if (v.ub === Infinity) {
      if (integer) bounds.push(line('PL', 'BND', name));
    } else bounds.push(line('UP', 'BND', name, num(v.ub)));
  });
  if (bounds.length > 0) {
    out.push('BOUNDS');
    out.push(...bounds);
  }
  out.push('ENDATA');
  return `${out.join('\n')}\n`;
}
