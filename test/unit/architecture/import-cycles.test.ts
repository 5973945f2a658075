import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../../helpers/import-graph';

describe('import cycles', () => {
  it('shared/ and src-main/ have none (type-only imports count)', () => {
    const graph = importGraph(process.cwd(), ['shared', 'src-main']);
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
    expect(importCycles(graph)).toEqual([]);
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'relulab-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the check finds a cycle through type imports, re-exports and index files', () => {
    mkdirSync(path.join(dir, 'model'));
    writeFileSync(path.join(dir, 'model', 'index.ts'), "export { writeLp } from './writer';\nexport class Model {}\n");
    writeFileSync(path.join(dir, 'model', 'writer.ts'), "import type { Model } from '.';\nexport const writeLp = (m: Model) => String(m);\n");
    writeFileSync(path.join(dir, 'user.ts'), "import { Model } from './model';\nexport const m = new Model();\n");
    writeFileSync(path.join(dir, 'self.ts'), "export * from './self';\n");
    const cycles = importCycles(importGraph(dir, ['.']));
    expect(cycles).toEqual(expect.arrayContaining([[path.join('model', 'index.ts'), path.join('model', 'writer.ts')], ['self.ts']]));
    expect(cycles).toHaveLength(2);
  });
});
