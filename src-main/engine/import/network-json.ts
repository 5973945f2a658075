import { networkSchema, type Network } from '../../../shared/domain/network';
import { fileTooLarge, MAX_NETWORK_FILE_BYTES, NetworkImportError } from './errors';

/**
 * Reads a network from a JSON weights file in the project's `model` form
 * ({"layers": [{"W", "b", "activation"}], "output"}). A stored run or an evaluate spec is
 * accepted too: its `model` or `network` (or `params.network`) is taken.
 */
export function parseJsonNetwork(text: string): Network {
  if (text.length > MAX_NETWORK_FILE_BYTES) throw fileTooLarge(text.length, 'JSON');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NetworkImportError(`The network file is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const candidate = pickNetwork(value);
  if (candidate === undefined) {
    throw new NetworkImportError('The JSON file holds no network: expected {"layers": [{"W": [[…]], "b": […], "activation": "relu"}, …], "output": "identity" | "sigmoid" | "softmax"}.');
  }
  const parsed = networkSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NetworkImportError(`The JSON network is not valid: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}.`);
  }
  return parsed.data;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pickNetwork(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if ('layers' in value) return value;
  for (const key of ['model', 'network'] as const) {
    if (isObject(value[key]) && 'layers' in value[key]) return value[key];
  }
  const params = value.params;
  if (isObject(params) && isObject(params.network) && 'layers' in params.network) return params.network;
  return undefined;
}
