import { beforeAll, describe, expect, it } from 'vitest';
import { attackFormulations, formulationById, formulations } from '../../../../shared/domain/formulations';
import { adversarialOptionsSchema } from '../../../../shared/domain/params/attack';
import { runAdversarial } from '../../../../src-main/engine/attack/adversarial';
import { engineFormulation } from '../../../../src-main/engine/attack/formulations';
import { loadHighs, type Highs } from '../../../../src-main/engine/highs/highs';
import type { Network } from '../../../../shared/domain/network';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

describe('the formulation registry', () => {
  it('describes each formulation once, with a kind, titles, a colour and options the params schema knows', () => {
    expect(new Set(attackFormulations).size).toBe(formulations.length);
    const options = Object.keys(adversarialOptionsSchema.shape);
    for (const f of formulations) {
      expect(['exact', 'bound', 'local']).toContain(f.kind);
      expect(f.title.length).toBeGreaterThan(0);
      expect(f.longTitle.length).toBeGreaterThan(0);
      expect(f.colour).toMatch(/^#[0-9a-f]{6}$/);
      for (const p of f.params) expect(options).toContain(p);
    }
    expect(new Set(formulations.map((f) => f.colour)).size).toBe(formulations.length);
    expect(adversarialOptionsSchema.parse({}).formulation).toBe(formulations[0].id);
  });

  it('gives every described formulation an engine entry with the same definition', () => {
    for (const id of attackFormulations) expect(engineFormulation(id).definition).toBe(formulationById(id));
  });

  it("each entry's answer means what its kind says: exact proves, bound stays below, local gives no bound", () => {
    // o₀ = relu(x₁) + relu(x₁ − x₂), o₁ = relu(x₂): x⁰ is class 0; the third neuron is unstable on the box.
    const net: Network = {
      layers: [
        { W: [[1, 0], [0, 1], [1, -1]], b: [0, 0, 0], activation: 'relu' },
        { W: [[1, 0, 1], [0, 1, 0]], b: [0, 0], activation: 'identity' },
      ],
      output: 'identity',
    };
    const x0 = [0.7, 0.2];
    const label = 0;
    const results = Object.fromEntries(
      attackFormulations.map((formulation) => [formulation, runAdversarial(highs, net, x0, label, { formulation, criterion: 'any', norm: 'l1', tightening: 'interval', radius: 'none', timeLimit: 30 })]),
    );
    const exact = formulations.filter((f) => f.kind === 'exact').map((f) => results[f.id]!);
    expect(exact.length).toBeGreaterThan(0);
    const optimum = exact[0]!.objective!;
    for (const f of formulations) {
      const r = results[f.id]!;
      if (f.kind === 'exact') {
        expect(r.status).toBe('optimal');
        expect(r.witness?.valid).toBe(true);
        expect(r.objective!).toBeCloseTo(optimum, 6);
        expect(r.binaries).toBeGreaterThan(0);
      } else if (f.kind === 'bound') {
        expect(r.status).toBe('optimal');
        expect(r.bound!).toBeLessThanOrEqual(optimum + 1e-7);
        expect(r.binaries).toBe(0);
      } else {
        expect(r.bound).toBeNull();
        expect(r.local).not.toBeNull();
        expect(r.message).toContain(f.title);
      }
    }
  });
});
