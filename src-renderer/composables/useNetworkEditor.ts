import { computed, ref, type Ref } from 'vue';
import { exampleNetworks } from '../../shared/domain/methods';
import { compactJson } from '../format/json';
import { inputSize, networkSchema, type Network } from '../../shared/domain/network';

export type ExampleId = keyof typeof exampleNetworks;

export const exampleIds = Object.keys(exampleNetworks) as ExampleId[];

// Narrow enough that a small network shows one layer per line.
const EDITOR_WIDTH = 72;

export type NetworkCheck = { ok: true; network: Network } | { ok: false; error: string };

export function checkNetwork(text: string, features: number | null): NetworkCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = networkSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `Not a valid network: ${where}${issue?.message ?? 'unknown problem'}` };
  }
  const inputs = inputSize(parsed.data);
  if (features !== null && inputs !== features) {
    return { ok: false, error: `The network takes ${inputs} inputs but the data set has ${features} features: change the first layer's W to ${features} columns.` };
  }
  return { ok: true, network: parsed.data };
}

export function useNetworkEditor(features: Readonly<Ref<number | null>>) {
  const text = ref(compactJson(exampleNetworks['xor-abs'].network, EDITOR_WIDTH));
  const check = computed(() => checkNetwork(text.value, features.value));

  function loadExample(id: ExampleId): void {
    text.value = compactJson(exampleNetworks[id].network, EDITOR_WIDTH);
  }

  return { text, check, loadExample };
}
