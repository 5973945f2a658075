/**
 * `runAdversarial`: checks the input and sets the attack up, then hands it to
 * its formulation's entry in the registry (formulations.ts).
 */
import { z } from 'zod';
import type { Network } from '../../../shared/domain/network';
import type { AdversarialOptions, AdversarialOptionsInput, AdversarialParamsInput } from '../../../shared/domain/params/attack';
import { adversarialOptionsSchema } from '../../../shared/domain/params/attack';
import type { Highs } from '../highs/highs';
import { hiddenLayerKinds, type InputBox } from '../bounds/bounds';
import { Clock, errorResult, type AttackSetup } from './context';
import { argmax, criterionRows, expand, logitsOf, withTwoLogits, witnessOf } from './criterion';
import { engineFormulation } from './formulations';
import type { AdversarialHooks, AdversarialResult } from './types';

function parseOptions(params: AdversarialParamsInput | AdversarialOptionsInput): AdversarialOptions {
  const { network: _n, sample: _s, split: _sp, input: _i, label: _l, ...rest } = params as Record<string, unknown>;
  return adversarialOptionsSchema.parse(rest);
}

/**
 * Runs the attack on a resolved network and input. Never throws: invalid
 * input and solver failures come back as status 'error'.
 */
export function runAdversarial(
  highs: Highs,
  network: Network,
  x0Input: readonly number[],
  label: number,
  params: AdversarialParamsInput | AdversarialOptionsInput = {},
  hooks: AdversarialHooks = {},
): AdversarialResult {
  let opts: AdversarialOptions;
  try {
    opts = parseOptions(params);
  } catch (e) {
    const message = e instanceof z.ZodError ? z.prettifyError(e) : e instanceof Error ? e.message : String(e);
    return errorResult(`invalid parameters: ${message}`, x0Input, label, {});
  }
  try {
    return attack(highs, network, x0Input, label, opts, hooks);
  } catch (e) {
    return errorResult(e instanceof Error ? e.message : String(e), x0Input, label, opts);
  }
}

function attack(
  highs: Highs,
  original: Network,
  x0Input: readonly number[],
  label: number,
  opts: AdversarialOptions,
  hooks: AdversarialHooks,
): AdversarialResult {
  const clock = new Clock(opts.timeLimit);
  const net = withTwoLogits(original);
  hiddenLayerKinds(net);
  const d = net.layers[0]!.W[0]!.length;
  const K = net.layers[net.layers.length - 1]!.W.length;
  if (x0Input.length !== d) throw new Error(`the input has ${x0Input.length} features; the network takes ${d}`);
  if (!Number.isInteger(label) || label < 0 || label >= K) throw new Error(`label ${label} is not a class of this network (0…${K - 1})`);
  const { criterion, margin, norm } = opts;
  if (typeof criterion === 'object') {
    if (criterion.target >= K) throw new Error(`target ${criterion.target} is not a class of this network (0…${K - 1})`);
    if (criterion.target === label) throw new Error(`the target class ${criterion.target} is the input's own label`);
  }
  const box: InputBox = {
    lower: expand(opts.box?.lower ?? 0, d, 'box.lower'),
    upper: expand(opts.box?.upper ?? 1, d, 'box.upper'),
  };
  const x0 = x0Input.map((v, j) => {
    if (!Number.isFinite(v)) throw new Error(`feature ${j} of the input is not a finite number`);
    const lo = box.lower[j]!;
    const hi = box.upper[j]!;
    if (lo > hi) throw new Error(`box: lower bound of feature ${j} is above its upper bound`);
    if (v < lo - 1e-9 || v > hi + 1e-9) throw new Error(`feature ${j} of the input (${v}) lies outside the box [${lo}, ${hi}]`);
    return Math.min(hi, Math.max(lo, v));
  });
  const originalLogits = logitsOf(net, x0);
  const rows = criterionRows(criterion, label, K, margin);
  const base = {
    formulation: opts.formulation,
    norm,
    criterion,
    margin,
    tightening: opts.tightening,
    x0,
    label,
    originalPredicted: argmax(originalLogits),
    originalLogits,
  };
  const witness = (x: readonly number[]) => witnessOf(net, x, criterion, label, margin, opts.witnessTolerance);
  const log = { text: '' };
  const onLog = (line: string) => {
    if (log.text.length < 100_000) log.text += `${line}\n`;
    hooks.onLog?.(line);
  };
  const s: AttackSetup = { highs, net, opts, hooks, clock, x0, label, box, d, criterion, margin, norm, rows, base, witness, log, onLog };
  return engineFormulation(opts.formulation).solve(s);
}
