import { contractArgs, type ServiceName, type Services } from '../../shared/contracts';
import { ServiceError, toWireError } from '../../shared/contracts/errors';
import type { Envelope } from '../../shared/contracts/wire';

export type Dispatch = (service: string, method: string, args: unknown) => Promise<Envelope>;

function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]!;
  // The first path element is the argument's position; users think in field names.
  const where = issue.path.slice(1).map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/**
 * The one entry both transports (IPC and WebSocket) and the CLI go through: unknown methods are
 * refused and every payload is validated against the contract before a service sees it.
 */
export function createDispatcher(services: Services): Dispatch {
  return async (service, method, args) => {
    try {
      const schemas = (contractArgs as Record<string, Record<string, import('zod').ZodType> | undefined>)[service];
      const schema = schemas && Object.hasOwn(schemas, method) ? schemas[method] : undefined;
      if (!schema) throw new ServiceError('invalid-input', `Unknown operation ${service}.${method}.`);
      const parsed = schema.safeParse(Array.isArray(args) ? args : []);
      if (!parsed.success) throw new ServiceError('invalid-input', `Invalid input to ${service}.${method}: ${describeIssue(parsed.error)}`);
      const target = services[service as ServiceName] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const result = await target[method]!.call(target, ...(parsed.data as unknown[]));
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: toWireError(explainStorageError(error)) };
    }
  };
}

/** SQLite's lock errors, told in words: what happened, that nothing was written, what to do. */
export function explainStorageError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_TIMEOUT') {
    return new ServiceError('unavailable', 'The history database is locked by another program that is writing to it; nothing was written. Try again when it has finished.');
  }
  if (code === 'SQLITE_FULL') return new ServiceError('unavailable', 'The disk holding the history database is full; nothing was written. Free some space and try again.');
  if (code === 'SQLITE_READONLY') return new ServiceError('unavailable', 'The history database is read-only; nothing was written. Check the file permissions or open another database with --db.');
  return error;
}
