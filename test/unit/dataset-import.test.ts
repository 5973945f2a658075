import { describe, expect, it } from 'vitest';
import { parseCsvDataset, parseJsonDataset, toCsv } from '../../src-main/services/dataset-import';

const csv = (text: string, extra: object = {}) => parseCsvDataset({ fileName: 'x.csv', format: 'csv', text, ...extra });

describe('CSV import', () => {
  it('detects a header, takes the last column as the label and infers the task', () => {
    const data = csv('x,y,class\n0,0,0\n1,1,1\n');
    expect(data.featureNames).toEqual(['x', 'y']);
    expect(data.task).toBe('binary');
    expect(data.X).toEqual([[0, 0], [1, 1]]);
  });

  it('reads a file without a header', () => {
    const data = csv('0.5,1,2\n1.5,2,0\n2.5,3,1\n');
    expect(data.featureNames).toEqual(['x1', 'x2']);
    expect(data.task).toBe('multiclass');
  });

  it('takes a named target column and maps text labels to classes', () => {
    const data = csv('species,a,b\ncat,1,2\ndog,3,4\ncat,5,6\n', { targetColumn: 'species' });
    expect(data.featureNames).toEqual(['a', 'b']);
    expect(data.y).toEqual([0, 1, 0]);
    expect(data.classNames).toEqual(['cat', 'dog']);
  });

  it.each([
    ['a,b,y\n1,2,0\n3,1\n', /line 3 has 2 values, expected 3/],
    ['a,b,y\n1,2,0\n3,,1\n', /line 3, column b: the cell is empty/],
    ['a,b,y\n1,x,0\n', /line 2, column b: 'x' is not a finite number/],
    ['a,b,y\n1,Infinity,0\n', /not a finite number/],
    ['a,b,y\n', /header but no data rows/],
    ['', /no rows/],
    ['a,b,y\n1,2,0\n', /no column named 'z'/, { targetColumn: 'z' }],
    ['a,b,y\n1,2,0.5\n', /must be 0 or 1/, { task: 'binary' }],
  ] as [string, RegExp, object?][])('refuses %j with a line-numbered message', (text, message, extra) => {
    expect(() => csv(text, extra)).toThrow(message);
  });

  it('exports what it imports', () => {
    const data = csv('a,b,label\n0,1,1\n2,3,0\n');
    expect(csv(toCsv(data))).toEqual(data);
  });
});

describe('JSON import', () => {
  it('accepts the full form and the short {X, y} form', () => {
    expect(parseJsonDataset({ fileName: 'a.json', format: 'json', text: '{"X": [[0,1],[1,0]], "y": [1, 0]}' }).task).toBe('binary');
    const full = parseJsonDataset({ fileName: 'a.json', format: 'json', text: JSON.stringify({ task: 'regression', featureNames: ['t'], X: [[0], [1]], y: [0.5, 2] }) });
    expect(full.task).toBe('regression');
  });

  it('refuses malformed JSON and mismatched lengths', () => {
    expect(() => parseJsonDataset({ fileName: 'a.json', format: 'json', text: '{"X": [[0,1]' })).toThrow(/could not be read/);
    expect(() => parseJsonDataset({ fileName: 'a.json', format: 'json', text: '{"X": [[0,1],[1,0]], "y": [1]}' })).toThrow(/y has 1 labels but X has 2 rows/);
  });
});

describe('exports of hostile text', () => {
  const hostile = {
    task: 'binary' as const,
    featureNames: ['=SUM(A1:A9)', '<script>alert("x")</script>', 'naïve, "quoted" ✓', '@cmd', '+1', '-x'],
    X: [[1, -2, 3, 4, 5, -0.5]],
    y: [1],
  };

  it('CSV guards formula prefixes and quotes separators, numbers stay numbers', () => {
    const csv = toCsv(hostile);
    const header = csv.split('\n')[0]!;
    expect(header).toBe(`'=SUM(A1:A9),"<script>alert(""x"")</script>","naïve, ""quoted"" ✓",'@cmd,'+1,'-x,label`);
    expect(csv.split('\n')[1]).toBe('1,-2,3,4,5,-0.5,1');
    // It reads back as the same numbers, with the guarded names.
    const again = csv ? parseCsvDataset({ fileName: 'h.csv', format: 'csv', text: csv }) : null;
    expect(again!.X).toEqual(hostile.X);
    expect(again!.featureNames[2]).toBe('naïve, "quoted" ✓');
  });

  it('JSON round-trips every character', () => {
    const text = JSON.stringify(hostile);
    expect(parseJsonDataset({ fileName: 'h.json', format: 'json', text })).toEqual(hostile);
  });
});
