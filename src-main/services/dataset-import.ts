import { parse } from 'csv-parse/sync';
import { csvCell } from '../reports/csv-cell';
import { z } from 'zod';
import { ServiceError } from '../../shared/contracts/errors';
import { datasetDataSchema, MAX_DATASET_ROWS, type DatasetData, type Task } from '../../shared/domain/dataset';
import type { DatasetImport } from '../../shared/contracts/datasets';

function invalid(message: string): never {
  throw new ServiceError('invalid-input', message);
}

function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
  return `${issue.message}${where}`;
}

function inferTask(labels: readonly number[]): Task {
  if (labels.every((v) => v === 0 || v === 1)) return 'binary';
  if (labels.every((v) => Number.isInteger(v) && v >= 0 && v < 1000)) return 'multiclass';
  return 'regression';
}

/** A cell of a numeric column: finite, written plainly. */
function parseCell(cell: string, line: number, column: string): number {
  const text = cell.trim();
  if (text === '') invalid(`line ${line}, column ${column}: the cell is empty; every feature needs a number`);
  const value = Number(text);
  if (!Number.isFinite(value)) invalid(`line ${line}, column ${column}: '${text.slice(0, 40)}' is not a finite number`);
  return value;
}

/** Counting lines is cheap; parsing a million of them only to refuse them is not. */
function refuseTooManyRows(text: string): void {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++lines > MAX_DATASET_ROWS + 1) {
      invalid(`the file has more than ${MAX_DATASET_ROWS.toLocaleString('en-US')} rows; the limit is ${MAX_DATASET_ROWS.toLocaleString('en-US')} rows per data set`);
    }
  }
}

export function parseCsvDataset(input: DatasetImport): DatasetData {
  refuseTooManyRows(input.text);
  let records: string[][];
  try {
    records = parse(input.text, { skip_empty_lines: true, relax_column_count: true, trim: true, bom: true }) as string[][];
  } catch (error) {
    invalid(`the CSV could not be read: ${(error as Error).message}`);
  }
  if (records.length === 0) invalid('the CSV file has no rows');
  const first = records[0]!;
  const hasHeader = first.some((cell) => cell.trim() !== '' && !Number.isFinite(Number(cell)));
  const width = first.length;
  if (width < 2) invalid('the CSV needs at least two columns: one or more features and a label');
  const header = hasHeader ? first.map((c, i) => c || `x${i + 1}`) : first.map((_, i) => (i === width - 1 ? 'label' : `x${i + 1}`));
  let target = width - 1;
  if (typeof input.targetColumn === 'number') target = input.targetColumn;
  else if (typeof input.targetColumn === 'string') {
    target = header.indexOf(input.targetColumn);
    if (target < 0) invalid(`there is no column named '${input.targetColumn}'; the columns are ${header.join(', ')}`);
  }
  if (target >= width) invalid(`column ${target} does not exist; the file has ${width} columns`);

  const body = hasHeader ? records.slice(1) : records;
  if (body.length === 0) invalid('the CSV has a header but no data rows');
  const offset = hasHeader ? 2 : 1;
  const X: number[][] = [];
  const rawLabels: string[] = [];
  body.forEach((row, r) => {
    const line = r + offset;
    if (row.length !== width) invalid(`line ${line} has ${row.length} values, expected ${width} like the first line`);
    const features: number[] = [];
    row.forEach((cell, c) => {
      if (c === target) rawLabels.push(cell.trim());
      else features.push(parseCell(cell, line, header[c]!));
    });
    X.push(features);
  });

  const numericLabels = rawLabels.every((l) => l !== '' && Number.isFinite(Number(l)));
  let y: number[];
  let classNames: string[] | undefined;
  if (numericLabels) {
    y = rawLabels.map(Number);
  } else {
    const empty = rawLabels.findIndex((l) => l === '');
    if (empty >= 0) invalid(`line ${empty + offset}: the label is missing`);
    classNames = [...new Set(rawLabels)].sort();
    y = rawLabels.map((l) => classNames!.indexOf(l));
  }
  const task = input.task ?? (classNames ? (classNames.length === 2 ? 'binary' : 'multiclass') : inferTask(y));
  return validateData({ task, featureNames: header.filter((_, i) => i !== target), X, y, ...(classNames ? { classNames } : {}) });
}

export function parseJsonDataset(input: DatasetImport): DatasetData {
  let value: unknown;
  try {
    value = JSON.parse(input.text);
  } catch (error) {
    invalid(`the JSON could not be read: ${(error as Error).message}`);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'X' in value && !('task' in value)) {
    const partial = value as { X: unknown; y?: unknown; featureNames?: unknown };
    const y = Array.isArray(partial.y) ? (partial.y as number[]) : [];
    const width = Array.isArray(partial.X) && Array.isArray(partial.X[0]) ? (partial.X[0] as unknown[]).length : 0;
    value = {
      featureNames: Array.from({ length: width }, (_, i) => `x${i + 1}`),
      ...partial,
      task: y.every((v) => typeof v === 'number') ? inferTask(y) : 'binary',
    };
  }
  return validateData(value);
}

export function validateData(value: unknown): DatasetData {
  const parsed = datasetDataSchema.safeParse(value);
  if (!parsed.success) invalid(`the data set is not valid: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export function toCsv(data: DatasetData): string {
  const escape = csvCell;
  const lines = [[...data.featureNames, 'label'].map(escape).join(',')];
  data.X.forEach((row, i) => lines.push([...row, data.y[i]!].join(',')));
  return `${lines.join('\n')}\n`;
}
