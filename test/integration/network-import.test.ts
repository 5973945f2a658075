import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord, RunSummary } from '../../shared/domain/run';
import { projectRoot } from '../../src-main/paths';
import { snapshot, tempDir, testContext } from '../helpers/context';
import { encodeOnnxNetwork } from '../helpers/onnx-writer';

const fixtures = path.join(projectRoot, 'test', 'fixtures', 'onnx');
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

describe('importing trained networks (runs.importNetwork)', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  async function importNetwork(input: Record<string, unknown>) {
    return context.dispatch('runs', 'importNetwork', [input]);
  }

  async function attack(network: string): Promise<RunRecord> {
    const answer = await context.dispatch('runs', 'start', [{ dataset: 'xor', method: 'adversarial', params: { network, input: [0, 0], label: 0, formulation: 'mip' } }]);
    expect(answer.ok).toBe(true);
    return context.services.runs.whenFinished((answer as { result: RunSummary }).result.id);
  }

  it('an ONNX file (Gemm layout) becomes a completed evaluate run that adversarial can attack', async () => {
    const bytes = readFileSync(path.join(fixtures, 'xor-gemm.onnx'));
    const answer = await importNetwork({ dataset: 'xor', fileName: 'xor-gemm.onnx', format: 'onnx', base64: b64(bytes), name: 'XOR from PyTorch' });
    expect(answer.ok).toBe(true);
    const summary = (answer as { result: RunSummary }).result;
    expect(summary.method).toBe('evaluate');
    expect(summary.status).toBe('completed');
    expect(summary.name).toBe('XOR from PyTorch');
    const run = await context.services.runs.get(summary.id);
    expect(run.model!.layers.map((l) => l.activation)).toEqual(['relu', 'identity']);
    expect(run.metrics.accuracy).toBe(1);
    const attacked = await attack(summary.id);
    expect(attacked.status).toBe('optimal');
    expect(attacked.result!.witness!.valid).toBe(true);
  });

  it('a JSON weights file and a MatMul + Add ONNX export import too', async () => {
    const net = JSON.parse(readFileSync(path.join(fixtures, 'xor-gemm.json'), 'utf8')) as import('../../shared/domain/network').Network;
    const json = await importNetwork({ dataset: 'xor', fileName: 'xor.json', format: 'json', base64: b64(JSON.stringify({ model: net })) });
    expect(json.ok).toBe(true);
    const jsonRun = (json as { result: RunSummary }).result;
    expect(jsonRun.status).toBe('completed');
    expect((await attack(jsonRun.id)).status).toBe('optimal');
    const tf = await importNetwork({ dataset: 'xor', fileName: 'xor-tf.onnx', format: 'onnx', base64: b64(encodeOnnxNetwork(net, 'matmul-add')) });
    expect(tf.ok).toBe(true);
    expect((await context.services.runs.get((tf as { result: RunSummary }).result.id)).model).toEqual(net);
  });

  it('bad files are refused with one clear message and write nothing', async () => {
    const before = snapshot(context);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ dataset: 'xor', fileName: 'tanh.onnx', format: 'onnx', base64: b64(readFileSync(path.join(fixtures, 'unsupported-tanh.onnx'))) }, /uses op Tanh, which ReLU Lab does not import/],
      [{ dataset: 'xor', fileName: 'junk.onnx', format: 'onnx', base64: b64(new Uint8Array([0x3a, 0xff, 0xff, 0x01, 0x02])) }, /not a valid ONNX model/],
      [{ dataset: 'xor', fileName: 'empty.onnx', format: 'onnx', base64: '' }, /empty/],
      [{ dataset: 'xor', fileName: 'bad.json', format: 'json', base64: b64('{"layers": [') }, /not valid JSON/],
      [{ dataset: 'digits', fileName: 'xor-gemm.onnx', format: 'onnx', base64: b64(readFileSync(path.join(fixtures, 'xor-gemm.onnx'))) }, /xor-gemm\.onnx: The network takes 2 inputs but the data set has 64 features/],
      [{ dataset: 'nope', fileName: 'xor-gemm.onnx', format: 'onnx', base64: b64(readFileSync(path.join(fixtures, 'xor-gemm.onnx'))) }, /Unknown data set 'nope'/],
      [{ dataset: 'xor', fileName: 'x.onnx', format: 'pt', base64: '' }, /format/],
    ];
    for (const [input, message] of cases) {
      const answer = await importNetwork(input);
      expect(answer.ok).toBe(false);
      if (!answer.ok) {
        expect(['invalid-input', 'not-found']).toContain(answer.error.code);
        expect(answer.error.message).toMatch(message);
      }
    }
    expect(snapshot(context)).toBe(before);
  });

  it('a file over 100 MB is refused before it is decoded', async () => {
    const before = snapshot(context);
    const answer = await importNetwork({ dataset: 'xor', fileName: 'huge.onnx', format: 'onnx', base64: 'A'.repeat(133_333_340) });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toMatch(/100 MB/);
    expect(snapshot(context)).toBe(before);
  });
});

describe('relulab networks import', () => {
  const run = promisify(execFile);
  const bin = path.join(projectRoot, 'bin', 'relulab.cjs');
  const tmp = tempDir('relulab-net-cli-');
  afterAll(() => tmp.cleanup());
  const db = path.join(tmp.dir, 'cli.db');

  async function relulab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, RELULAB_DB: '' } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('imports an ONNX file, then attacks it; a bad file exits non-zero with one line', async () => {
    const ok = await relulab(['networks', 'import', path.join(fixtures, 'xor-gemm.onnx'), '--dataset', 'xor', '--json', '--db', db]);
    expect(ok.code).toBe(0);
    const imported = JSON.parse(ok.stdout) as RunSummary;
    expect(imported.status).toBe('completed');
    const attacked = await relulab(['run', '--dataset', 'xor', '--method', 'adversarial', '--param', `network="${imported.id}"`, '--param', 'input=[0,0]', '--param', 'label=0', '--json', '--db', db]);
    expect(JSON.parse(attacked.stdout).status).toBe('optimal');
    const bad = await relulab(['networks', 'import', path.join(fixtures, 'unsupported-tanh.onnx'), '--dataset', 'xor', '--db', db]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/relulab: error: .*uses op Tanh/);
    const garbage = path.join(tmp.dir, 'garbage.json');
    writeFileSync(garbage, '{"layers": 3}');
    const refused = await relulab(['networks', 'import', garbage, '--dataset', 'xor', '--db', db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
