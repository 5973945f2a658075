import { NetworkImportError } from './errors';

/**
 * A minimal reader of the protocol-buffers wire format: enough to walk the few ONNX messages
 * the importer needs. Every read is bounds-checked and every loop advances, so malformed input
 * ends in a NetworkImportError, never an exception of another kind or a hang.
 */

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

export type FieldValue =
  | { wire: 0; value: number }
  | { wire: 1; offset: number }
  | { wire: 2; bytes: Uint8Array }
  | { wire: 5; offset: number };

function malformed(what: string): NetworkImportError {
  return new NetworkImportError(`The file is not a valid ONNX model: ${what}.`);
}

/** Reads a varint at `pos`; returns [value as a signed 64-bit number (rounded beyond 2^53), next position]. */
export function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw malformed('a number runs past the end of its message');
    const byte = buf[pos++]!;
    const bits = byte & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) {
      lo |= (bits & 0x0f) << 28;
      hi |= bits >> 4;
    } else hi |= bits << (7 * i - 32);
    if ((byte & 0x80) === 0) {
      lo >>>= 0;
      hi >>>= 0;
      if (hi >= 0x80000000) {
        // Two's complement: a negative int64 (ONNX axes such as -1).
        return [-((~hi >>> 0) * 4294967296 + (~lo >>> 0) + 1), pos];
      }
      return [hi * 4294967296 + lo, pos];
    }
  }
  throw malformed('a number is longer than 10 bytes');
}

/** Calls `visit` for every field of one message, in file order. */
export function readMessage(buf: Uint8Array, visit: (field: number, value: FieldValue) => void): void {
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (tag < 0 || field < 1 || field > 536_870_911) throw malformed(`field number ${field} is out of range`);
    switch (wire) {
      case WireType.Varint: {
        const [value, next] = readVarint(buf, pos);
        pos = next;
        visit(field, { wire, value });
        break;
      }
      case WireType.Fixed64:
        if (pos + 8 > buf.length) throw malformed('a 64-bit value runs past the end of its message');
        visit(field, { wire, offset: pos });
        pos += 8;
        break;
      case WireType.Fixed32:
        if (pos + 4 > buf.length) throw malformed('a 32-bit value runs past the end of its message');
        visit(field, { wire, offset: pos });
        pos += 4;
        break;
      case WireType.Bytes: {
        const [length, next] = readVarint(buf, pos);
        if (length < 0 || next + length > buf.length) throw malformed(`field ${field} claims ${length} bytes but only ${buf.length - next} remain`);
        visit(field, { wire, bytes: buf.subarray(next, next + length) });
        pos = next + length;
        break;
      }
      default:
        throw malformed(`unknown wire type ${wire} for field ${field}`);
    }
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export function asString(value: FieldValue, what: string): string {
  if (value.wire !== WireType.Bytes) throw malformed(`${what} is not a string`);
  return decoder.decode(value.bytes);
}

export function asBytes(value: FieldValue, what: string): Uint8Array {
  if (value.wire !== WireType.Bytes) throw malformed(`${what} is not a message`);
  return value.bytes;
}

export function asInt(value: FieldValue, what: string): number {
  if (value.wire !== WireType.Varint) throw malformed(`${what} is not an integer`);
  return value.value;
}

/** A repeated integer field, packed (one length-delimited run of varints) or not. */
export function pushInts(value: FieldValue, into: number[], what: string, limit: number): void {
  if (value.wire === WireType.Varint) into.push(value.value);
  else if (value.wire === WireType.Bytes) {
    let pos = 0;
    while (pos < value.bytes.length) {
      if (into.length >= limit) throw malformed(`${what} has more than ${limit} entries`);
      const [v, next] = readVarint(value.bytes, pos);
      into.push(v);
      pos = next;
    }
  } else throw malformed(`${what} is not a list of integers`);
  if (into.length > limit) throw malformed(`${what} has more than ${limit} entries`);
}
