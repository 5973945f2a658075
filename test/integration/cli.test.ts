import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { projectRoot } from '../../src-main/paths';
import { tempDir } from '../helpers/context';
import { openDatabase } from '../../src-main/store/db';

const run = promisify(execFile);
const bin = path.join(projectRoot, 'bin', 'relulab.cjs');

async function relulab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, RELULAB_DB: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function tableDump(db: string): string {
  const handle = openDatabase(db);
  try {
    return JSON.stringify(['datasets', 'runs', 'run_series'].map((t) => handle.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
  } finally {
    handle.close();
  }
}

describe('the relulab CLI', () => {
  const tmp = tempDir('relulab-cli-');
  const db = path.join(tmp.dir, 'cli.db');
  afterAll(() => tmp.cleanup());

  let runId = '';
  beforeAll(async () => {
    const result = await relulab(['run', '--dataset', 'xor', '--method', 'linear-regression', '--json', '--db', db]);
    expect(result.stderr).toBe('');
    runId = (JSON.parse(result.stdout) as { id: string }).id;
  });

  it('run --json prints the stored run with its model, metrics, timings and versions', async () => {
    const { stdout } = await relulab(['runs', 'show', runId, '--json', '--db', db]);
    const shown = JSON.parse(stdout) as Record<string, unknown> & { model: { layers: { W: number[][]; b: number[]; activation: string }[] }; metrics: { accuracy: number } };
    for (const key of ['id', 'method', 'dataset', 'params', 'status', 'metrics', 'model', 'timings', 'createdAt', 'versions']) expect(shown).toHaveProperty(key);
    expect(shown.status).toBe('completed');
    expect(shown.metrics.accuracy).toBeCloseTo(0.5, 9);
    expect(shown.model.layers[0]!.b[0]).toBeCloseTo(0.5, 9);
    expect(shown.model.layers[0]!.activation).toBe('identity');
    expect(shown).toMatchObject({ timings: { totalMs: expect.any(Number) }, versions: { app: expect.any(String), solver: expect.any(String) } });
  });

  it('run --spec runs a spec file; evaluate of the hand-made net is exact', async () => {
    const spec = path.join(tmp.dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ dataset: 'xor', method: 'evaluate', params: { network: { layers: [{ W: [[1, -1], [-1, 1]], b: [0, 0], activation: 'relu' }, { W: [[1, 1]], b: [0], activation: 'identity' }], output: 'identity' } } }));
    const { code, stdout } = await relulab(['run', '--spec', spec, '--json', '--db', db]);
    expect(code).toBe(0);
    const runRecord = JSON.parse(stdout) as { result: { trace: { output: number[] }[] } };
    expect(runRecord.result.trace.map((t) => t.output[0])).toEqual([0, 1, 1, 0]);
  });

  it('runs list --json is a JSON array, newest first', async () => {
    const { stdout } = await relulab(['runs', 'list', '--json', '--db', db]);
    const list = JSON.parse(stdout) as { id: string; method: string }[];
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((r) => r.method)).toEqual(['evaluate', 'linear-regression']);
  });

  it('imports and exports a CSV data set', async () => {
    const csv = path.join(tmp.dir, 'and.csv');
    writeFileSync(csv, 'a,b,label\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n');
    const imported = await relulab(['datasets', 'import', csv, '--name', 'AND', '--json', '--db', db]);
    expect(imported.code).toBe(0);
    const created = JSON.parse(imported.stdout) as { id: string; rows: number; task: string };
    expect(created).toMatchObject({ rows: 4, task: 'binary' });
    const out = path.join(tmp.dir, 'and-out.csv');
    expect((await relulab(['datasets', 'export', created.id, '--out', out, '--db', db])).code).toBe(0);
    const fit = await relulab(['run', '--dataset', created.id, '--method', 'linear-regression', '--json', '--db', db]);
    expect((JSON.parse(fit.stdout) as { metrics: { accuracy: number } }).metrics.accuracy).toBe(1);
  });

  it('an attack run prints its solution and witness at the top of its JSON and exits 0 when optimal', async () => {
    const network = JSON.stringify({ layers: [{ W: [[1, -1], [-1, 1]], b: [0, 0], activation: 'relu' }, { W: [[1, 1]], b: [0], activation: 'identity' }] });
    const result = await relulab(['run', '--dataset', 'xor', '--method', 'adversarial', '--param', `network=${network}`, '--param', 'input=[0,0]', '--param', 'label=0', '--param', 'formulation=mip', '--json', '--db', db]);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as { status: string; solution: { x: number[]; x0: number[]; label: number }; witness: { valid: boolean; predicted: number }; metrics: { objective: number } };
    expect(run.status).toBe('optimal');
    expect(run.solution.x0).toEqual([0, 0]);
    expect(run.solution.x).toHaveLength(2);
    expect(run.witness).toMatchObject({ valid: true, predicted: 1 });
    expect(run.metrics.objective).toBeGreaterThan(0);
  });

  it('generates a data set with its parameters kept', async () => {
    const result = await relulab(['datasets', 'generate', 'moons', '--n', '30', '--noise', '0.05', '--seed', '4', '--json', '--db', db]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 30, task: 'binary', provenance: { kind: 'generated', generator: 'moons', seed: 4 } });
  });

  describe('bad input exits non-zero with one line and writes nothing', () => {
    const write = (name: string, text: string) => {
      const file = path.join(tmp.dir, name);
      writeFileSync(file, text);
      return file;
    };
    const cases: [string, () => string[], RegExp][] = [
      ['unknown method', () => ['run', '--dataset', 'xor', '--method', 'gradient-magic'], /Unknown method 'gradient-magic'/],
      ['unknown data set', () => ['run', '--dataset', 'nope', '--method', 'linear-regression'], /Unknown data set 'nope'/],
      ['malformed JSON spec', () => ['run', '--spec', write('bad.json', '{"dataset": "xor", "method": ')], /not valid JSON/],
      ['missing spec file', () => ['run', '--spec', path.join(tmp.dir, 'absent.json')], /cannot read the spec file/],
      ['ragged CSV rows', () => ['datasets', 'import', write('ragged.csv', 'a,b,y\n1,2,0\n3,1\n')], /line 3 has 2 values, expected 3/],
      ['NaN in a CSV', () => ['datasets', 'import', write('nan.csv', 'a,b,y\n1,2,0\n3,NaN,1\n')], /line 3, column b: 'NaN' is not a finite number/],
      ['unknown generator', () => ['datasets', 'generate', 'galaxies'], /expected one of "noisy-xor"/],
      ['NaN in a network', () => ['run', '--dataset', 'xor', '--method', 'evaluate', '--param', 'network={"layers":[{"W":[[1,"NaN"]],"b":[0],"activation":"relu"}]}'], /network/],
    ];
    it.each(cases)('%s', async (_name, args, message) => {
      const before = tableDump(db);
      const result = await relulab([...args(), '--db', db]);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(tableDump(db)).toBe(before);
    });
  });

  it('a run made with the CLI shows up in browser mode served on the same database', async () => {
    const server = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const { port, searchParams } = new URL(url);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${searchParams.get('token')}`);
      await new Promise((resolve) => ws.on('open', resolve));
      const reply = await new Promise<{ result: { runs: { id: string }[] } }>((resolve) => {
        ws.on('message', (raw) => resolve(JSON.parse(raw.toString())));
        ws.send(JSON.stringify({ id: 1, service: 'runs', method: 'list', args: [{}] }));
      });
      expect(reply.result.runs.map((r) => r.id)).toContain(runId);
      ws.close();
    } finally {
      server.kill('SIGTERM');
    }
  });
});
