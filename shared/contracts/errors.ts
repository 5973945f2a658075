export type ServiceErrorCode = 'invalid-input' | 'not-found' | 'conflict' | 'unavailable' | 'internal';

/** An error that crosses the service boundary as plain data: the message is meant for the user. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export interface WireError {
  code: ServiceErrorCode;
  message: string;
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error: ${message}` };
}

export function fromWireError(wire: WireError): ServiceError {
  return new ServiceError(wire.code, wire.message);
}
