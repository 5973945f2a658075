import { describe, expect, it } from 'vitest';
import { exampleNetworks } from '../../../../shared/domain/methods';
import { networkSchema } from '../../../../shared/domain/network';
import { forward, predictClass, traceForward } from '../../../../src-main/engine/nn/forward';
import { evaluateGrid } from '../../../../src-main/engine/nn/grid';

const xor = [[0, 0], [0, 1], [1, 0], [1, 1]];

describe('forward pass', () => {
  it.each(Object.entries(exampleNetworks))('the hand-made net %s fits XOR exactly', (_key, { network }) => {
    expect(xor.map((x) => forward(network, x)[0])).toEqual([0, 1, 1, 0]);
  });

  it('keeps pre-activations and activations of each layer', () => {
    const { layers } = traceForward(exampleNetworks['xor-sum'].network, [1, 1]);
    expect(layers[0]).toEqual({ pre: [2, 1], post: [2, 1] });
    expect(layers[1]).toEqual({ pre: [0], post: [0] });
  });

  it('applies sigmoid and softmax heads', () => {
    const net = networkSchema.parse({ layers: [{ W: [[1], [2], [3]], b: [0, 0, 0], activation: 'identity' }], output: 'softmax' });
    const out = forward(net, [1]);
    expect(out.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(predictClass(out)).toBe(2);
    const sig = networkSchema.parse({ layers: [{ W: [[1]], b: [0], activation: 'identity' }], output: 'sigmoid' });
    expect(forward(sig, [0])[0]).toBe(0.5);
  });

  it('evaluates a grid row-major with y outermost', () => {
    const net = networkSchema.parse({ layers: [{ W: [[1, 10]], b: [0], activation: 'identity' }] });
    const grid = evaluateGrid(net, [0, 1, 0, 1], 3);
    expect(Array.from(grid.values)).toEqual([0, 0.5, 1, 5, 5.5, 6, 10, 10.5, 11]);
    expect([grid.min, grid.max]).toEqual([0, 11]);
  });

  it('rejects inconsistent shapes with a message that says where', () => {
    const result = networkSchema.safeParse({ layers: [{ W: [[1, 1]], b: [0], activation: 'relu' }, { W: [[1, 1]], b: [0], activation: 'identity' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe('layer 1 takes 2 inputs but layer 0 has 1 units');
  });
});
