import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkSchema, type Network } from '../../../../shared/domain/network';
import { forward } from '../../../../src-main/engine/nn/forward';
import { NetworkImportError } from '../../../../src-main/engine/import/errors';
import { parseJsonNetwork } from '../../../../src-main/engine/import/network-json';
import { parseOnnxNetwork } from '../../../../src-main/engine/import/onnx';
import { encodeModel, encodeOnnxNetwork, networkGraph, type GraphSpec } from '../../../helpers/onnx-writer';

const fixtures = path.join(__dirname, '..', '..', '..', 'fixtures', 'onnx');

/** The networks behind the committed fixtures (each also kept as its JSON twin). */
const fixtureNets: Record<string, { net: Network; layout: 'gemm' | 'matmul-add' }> = {
  // h1 = relu(x1 + x2), h2 = relu(x1 + x2 - 1), y = h1 - 2 h2: XOR exactly.
  'xor-gemm': { layout: 'gemm', net: { layers: [{ W: [[1, 1], [1, 1]], b: [0, -1], activation: 'relu' }, { W: [[1, -2]], b: [0], activation: 'identity' }], output: 'identity' } },
  'blobs-matmul-add': {
    layout: 'matmul-add',
    net: {
      layers: [
        { W: [[0.5, -1.25, 0.75], [-0.5, 0.25, 1.5], [1, 1, -1], [0.125, -0.375, 0.625]], b: [0.1, -0.2, 0.3, 0], activation: 'relu' },
        { W: [[1, -1, 0.5, 2], [-1.5, 0.5, 1, -0.25]], b: [0.05, -0.05], activation: 'identity' },
      ],
      output: 'softmax',
    },
  },
  'unsupported-tanh': { layout: 'gemm', net: { layers: [{ W: [[1, -1], [0.5, 0.5]], b: [0, 0], activation: 'tanh' }, { W: [[1, 1]], b: [0], activation: 'identity' }], output: 'sigmoid' } },
};

/** Committed fixtures equal what the writer makes; UPDATE_ONNX_FIXTURES=1 rewrites them. */
function fixture(name: string): Uint8Array {
  const { net, layout } = fixtureNets[name]!;
  const file = path.join(fixtures, `${name}.onnx`);
  const fresh = encodeOnnxNetwork(net, layout);
  if (process.env.UPDATE_ONNX_FIXTURES === '1' || !existsSync(file)) {
    writeFileSync(file, fresh);
    writeFileSync(path.join(fixtures, `${name}.json`), `${JSON.stringify(net, null, 2)}\n`);
  }
  const bytes = new Uint8Array(readFileSync(file));
  expect(Buffer.from(bytes).equals(Buffer.from(fresh))).toBe(true);
  return bytes;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomNet(seed: number, sizes: number[], output: Network['output']): Network {
  const r = rng(seed);
  return {
    layers: sizes.slice(1).map((outs, k) => ({
      W: Array.from({ length: outs }, () => Array.from({ length: sizes[k]! }, () => 2 * r() - 1)),
      b: Array.from({ length: outs }, () => r() - 0.5),
      activation: k === sizes.length - 2 ? 'identity' : 'relu',
    })),
    output,
  };
}

function expectSameOutputs(a: Network, b: Network, inputs: number, seed: number): void {
  const r = rng(seed);
  const d = a.layers[0]!.W[0]!.length;
  for (let n = 0; n < inputs; n++) {
    const x = Array.from({ length: d }, () => r());
    const ya = forward(a, x);
    const yb = forward(b, x);
    expect(yb).toHaveLength(ya.length);
    ya.forEach((v, k) => expect(Math.abs(v - yb[k]!)).toBeLessThan(1e-6));
  }
}

function outcome(bytes: Uint8Array): 'refused' | 'network' {
  try {
    const net = parseOnnxNetwork(bytes);
    expect(networkSchema.safeParse(net).success).toBe(true);
    return 'network';
  } catch (error) {
    if (!(error instanceof NetworkImportError)) throw error;
    expect(error.message.length).toBeGreaterThan(10);
    return 'refused';
  }
}

describe('ONNX import', () => {
  it('a Gemm (PyTorch layout) export matches its JSON twin at 500 random inputs to 1e-6', () => {
    const bytes = fixture('xor-gemm');
    expect(bytes.length).toBeLessThan(1000);
    const imported = parseOnnxNetwork(bytes);
    const twin = parseJsonNetwork(readFileSync(path.join(fixtures, 'xor-gemm.json'), 'utf8'));
    expect(imported).toEqual(twin);
    expectSameOutputs(twin, imported, 500, 1);
    expect([[0, 0], [0, 1], [1, 0], [1, 1]].map((x) => forward(imported, x)[0])).toEqual([0, 1, 1, 0]);
  });

  it('the MatMul + Add (tf2onnx layout, W in×out) fixture with a softmax head matches its JSON twin at 500 random inputs', () => {
    const bytes = fixture('blobs-matmul-add');
    expect(bytes.length).toBeLessThan(1000);
    const imported = parseOnnxNetwork(bytes);
    expect(imported.output).toBe('softmax');
    expect(imported.layers.map((l) => l.activation)).toEqual(['relu', 'identity']);
    const twin = parseJsonNetwork(readFileSync(path.join(fixtures, 'blobs-matmul-add.json'), 'utf8'));
    expectSameOutputs(twin, imported, 500, 2);
  });

  it('random 3-layer networks (float32 storage) match their double-precision originals at 200 inputs each, both layouts', () => {
    for (let seed = 10; seed < 20; seed++) {
      const net = randomNet(seed, [5, 8, 6, 3], seed % 2 ? 'softmax' : 'identity');
      for (const layout of ['gemm', 'matmul-add'] as const) {
        const imported = parseOnnxNetwork(encodeOnnxNetwork(net, layout));
        expect(imported.layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'identity']);
        expectSameOutputs(net, imported, 200, seed);
      }
    }
  });

  it('reads Gemm attributes alpha, beta and transB=0, double tensors, Flatten / Identity / Reshape no-ops and a sigmoid head', () => {
    const graph: GraphSpec = {
      nodes: [
        { name: 'flat', opType: 'Flatten', inputs: ['x'], outputs: ['f'], attributes: [{ name: 'axis', i: 1 }] },
        { name: 'same', opType: 'Identity', inputs: ['f'], outputs: ['g'] },
        { name: 'shape', opType: 'Constant', inputs: [], outputs: ['s'], attributes: [{ name: 'value', t: { name: 's', dims: [2], values: [-1, 2], encoding: 'int64' } }] },
        { name: 'reshape', opType: 'Reshape', inputs: ['g', 's'], outputs: ['h'] },
        { name: 'gemm', opType: 'Gemm', inputs: ['h', 'B', 'C'], outputs: ['z'], attributes: [{ name: 'alpha', f: 2 }, { name: 'beta', f: 0.5 }, { name: 'transB', i: 0 }] },
        { name: 'relu', opType: 'Relu', inputs: ['z'], outputs: ['a'] },
        { name: 'out', opType: 'Gemm', inputs: ['a', 'B2'], outputs: ['o'], attributes: [{ name: 'transB', i: 1 }] },
        { name: 'sig', opType: 'Sigmoid', inputs: ['o'], outputs: ['y'] },
      ],
      initializers: [
        { name: 'B', dims: [2, 3], values: [1, 2, 3, 4, 5, 6], encoding: 'double' },
        { name: 'C', dims: [1, 3], values: [1, 1, 1] },
        { name: 'B2', dims: [1, 3], values: [1, -1, 0.5] },
      ],
      inputs: [{ name: 'x', shape: [null, 2] }],
      outputs: [{ name: 'y', shape: [null, 1] }],
    };
    const net = parseOnnxNetwork(encodeModel(graph));
    expect(net.layers[0]).toEqual({ W: [[2, 8], [4, 10], [6, 12]], b: [0.5, 0.5, 0.5], activation: 'relu' });
    expect(net.layers[1]).toEqual({ W: [[1, -1, 0.5]], b: [0], activation: 'identity' });
    expect(net.output).toBe('sigmoid');
  });

  it('refuses an unsupported op, naming the op and the node (Tanh fixture, Conv, BatchNormalization)', () => {
    expect(() => parseOnnxNetwork(fixture('unsupported-tanh'))).toThrow(/ONNX node 'act0\/Tanh' uses op Tanh, which ReLU Lab does not import: only Gemm, MatMul \+ Add, Relu, Flatten, Softmax and Sigmoid/);
    const graph = networkGraph(fixtureNets['xor-gemm']!.net);
    graph.nodes.unshift({ name: 'conv1', opType: 'Conv', inputs: ['image'], outputs: ['input'] });
    expect(() => parseOnnxNetwork(encodeModel(graph))).toThrow(/ONNX node 'conv1' uses op Conv, which ReLU Lab does not import/);
    graph.nodes[0] = { name: 'bn', opType: 'BatchNormalization', inputs: ['image'], outputs: ['input'] };
    expect(() => parseOnnxNetwork(encodeModel(graph))).toThrow(NetworkImportError);
    expect(() => parseOnnxNetwork(encodeModel(graph))).toThrow(/'bn' uses op BatchNormalization/);
  });

  it('refuses non-sequential graphs, a Sigmoid inside the network and a custom domain', () => {
    const net = fixtureNets['xor-gemm']!.net;
    const branching = networkGraph(net);
    branching.nodes.push({ name: 'side', opType: 'Relu', inputs: ['input'], outputs: ['other'] });
    expect(() => parseOnnxNetwork(encodeModel(branching))).toThrow(/not sequential: tensor 'input' feeds 2 nodes/);
    const hiddenSigmoid = networkGraph({ ...net, layers: [{ ...net.layers[0]!, activation: 'sigmoid' }, net.layers[1]!] });
    expect(() => parseOnnxNetwork(encodeModel(hiddenSigmoid))).toThrow(/uses op Sigmoid inside the network/);
    const custom = networkGraph(net);
    custom.nodes[0]!.domain = 'com.microsoft';
    expect(() => parseOnnxNetwork(encodeModel(custom))).toThrow(/uses op com\.microsoft\.Gemm/);
  });

  it('refuses early a file over 100 MB and a network with more than 10^6 weights, naming the limit', () => {
    const started = performance.now();
    expect(() => parseOnnxNetwork(new Uint8Array(100_000_001))).toThrow(/the limit is 100 MB/);
    // The weight matrix is declared 1001×1000 but carries no data: refused before any is read.
    const graph = networkGraph(fixtureNets['xor-gemm']!.net);
    graph.initializers[0] = { name: 'fc0.weight', dims: [1001, 1000], values: [] };
    expect(() => parseOnnxNetwork(encodeModel(graph))).toThrow(/1001002 weights; the limit is 1000000/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('300 random byte strings: a NetworkImportError or a valid network, never another exception or a hang', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const t = performance.now();
        outcome(bytes);
        expect(performance.now() - t).toBeLessThan(1000);
      }),
      { numRuns: 300 },
    );
  });

  it('300 random mutations of valid files (byte flips, cuts, insertions, truncation): a typed error or a valid network', () => {
    const valid = [fixture('xor-gemm'), fixture('blobs-matmul-add')];
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    const counts = { refused: 0, network: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
        let bytes = valid[which]!;
        for (const m of mutations) {
          const at = m.at % (bytes.length + 1);
          if (m.kind === 'set') {
            bytes = bytes.slice();
            if (at < bytes.length) bytes[at] = m.value;
          } else if (m.kind === 'cut') bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.length)]);
          else if (m.kind === 'insert') bytes = new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
          else bytes = bytes.subarray(0, at);
        }
        const t = performance.now();
        counts[outcome(bytes)]++;
        expect(performance.now() - t).toBeLessThan(1000);
      }),
      { numRuns: 300 },
    );
    expect(counts.refused + counts.network).toBe(300);
  });

  it('malformed varints (11 continuation bytes, lengths past the end) are refused', () => {
    expect(() => parseOnnxNetwork(new Uint8Array([0x38, ...new Array(11).fill(0xff)]))).toThrow(/longer than 10 bytes/);
    expect(() => parseOnnxNetwork(new Uint8Array([0x3a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(/claims \d+ bytes/);
    expect(() => parseOnnxNetwork(new Uint8Array([0x3b]))).toThrow(/wire type 3/);
  });
});

describe('JSON network import', () => {
  it('reads the model form, and a run record or evaluate spec that holds one', () => {
    const net = fixtureNets['xor-gemm']!.net;
    expect(parseJsonNetwork(JSON.stringify(net))).toEqual(net);
    expect(parseJsonNetwork(JSON.stringify({ id: 'r-1', model: net }))).toEqual(net);
    expect(parseJsonNetwork(JSON.stringify({ method: 'evaluate', params: { network: net } }))).toEqual(net);
  });

  it('refuses bad files with clear messages', () => {
    expect(() => parseJsonNetwork('{"layers": [')).toThrow(/not valid JSON/);
    expect(() => parseJsonNetwork('[1, 2]')).toThrow(/holds no network/);
    expect(() => parseJsonNetwork(JSON.stringify({ layers: [{ W: [[1, 2]], b: [0, 1], activation: 'relu' }] }))).toThrow(/layers\.0\.b: b has 2 entries but W has 1 rows/);
    expect(() => parseJsonNetwork(JSON.stringify({ layers: [{ W: [[1]], b: [0], activation: 'gelu' }] }))).toThrow(/layers\.0\.activation/);
    expect(() => parseJsonNetwork(' '.repeat(100_000_001))).toThrow(/the limit is 100 MB/);
  });

  it('300 random texts and JSON values: a NetworkImportError or a valid network', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ layers: v }))), (text) => {
        try {
          expect(networkSchema.safeParse(parseJsonNetwork(text)).success).toBe(true);
        } catch (error) {
          if (!(error instanceof NetworkImportError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
