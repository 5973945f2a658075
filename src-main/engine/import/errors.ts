/** The largest network file ReLU Lab reads (ONNX bytes or JSON text). */
export const MAX_NETWORK_FILE_BYTES = 100_000_000;

/**
 * The only error the network importers throw: its message is written for the user
 * ("ONNX node 'conv1' uses op Conv, which ReLU Lab does not import: …").
 */
export class NetworkImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkImportError';
  }
}

export function fileTooLarge(bytes: number, what: string): NetworkImportError {
  return new NetworkImportError(`The ${what} file is ${(bytes / 1e6).toFixed(1)} MB; the limit is ${MAX_NETWORK_FILE_BYTES / 1e6} MB.`);
}
