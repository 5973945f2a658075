import type { Network } from '../../shared/domain/network';

/**
 * A small ONNX writer for tests: protocol-buffers wire format by hand, the same field numbers
 * the importer reads (onnx.proto). Writes Gemm (PyTorch: W out×in, transB=1) or MatMul + Add
 * (tf2onnx: W in×out) layouts with float32 initializers.
 */

type Bytes = Uint8Array;

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function concat(parts: (Bytes | number[])[]): Bytes {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const pb = {
  int(field: number, value: number | bigint): Bytes {
    return concat([varint(field * 8), varint(value)]);
  },
  bytes(field: number, data: Bytes): Bytes {
    return concat([varint(field * 8 + 2), varint(data.length), data]);
  },
  string(field: number, text: string): Bytes {
    return pb.bytes(field, new TextEncoder().encode(text));
  },
  float(field: number, value: number): Bytes {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return concat([varint(field * 8 + 5), b]);
  },
  message(field: number, ...parts: Bytes[]): Bytes {
    return pb.bytes(field, concat(parts));
  },
  concat,
};

export interface TensorSpec {
  name: string;
  dims: number[];
  values: number[];
  /** float32 as raw_data (PyTorch), float32 as packed float_data, float64 double_data, int64 for shapes. */
  encoding?: 'raw' | 'float_data' | 'double' | 'int64';
}

export function tensor(t: TensorSpec): Bytes {
  const encoding = t.encoding ?? 'raw';
  const parts: Bytes[] = t.dims.map((d) => pb.int(1, d));
  const dataType = encoding === 'double' ? 11 : encoding === 'int64' ? 7 : 1;
  parts.push(pb.int(2, dataType), pb.string(8, t.name));
  if (encoding === 'raw') {
    const raw = new Uint8Array(t.values.length * 4);
    const dv = new DataView(raw.buffer);
    t.values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    parts.push(pb.bytes(9, raw));
  } else if (encoding === 'float_data') {
    const packed = new Uint8Array(t.values.length * 4);
    const dv = new DataView(packed.buffer);
    t.values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    parts.push(pb.bytes(4, packed));
  } else if (encoding === 'double') {
    const packed = new Uint8Array(t.values.length * 8);
    const dv = new DataView(packed.buffer);
    t.values.forEach((v, i) => dv.setFloat64(i * 8, v, true));
    parts.push(pb.bytes(10, packed));
  } else {
    parts.push(pb.bytes(7, concat(t.values.map((v) => varint(v)))));
  }
  return concat(parts);
}

export interface AttributeSpec {
  name: string;
  i?: number;
  f?: number;
  ints?: number[];
  t?: TensorSpec;
}

export interface NodeSpec {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: AttributeSpec[];
  domain?: string;
}

function attribute(a: AttributeSpec): Bytes {
  const parts: Bytes[] = [pb.string(1, a.name)];
  // AttributeProto.type: FLOAT 1, INT 2, TENSOR 4, INTS 7.
  if (a.f !== undefined) parts.push(pb.float(2, a.f), pb.int(20, 1));
  if (a.i !== undefined) parts.push(pb.int(3, a.i), pb.int(20, 2));
  if (a.t) parts.push(pb.message(5, tensor(a.t)), pb.int(20, 4));
  if (a.ints) parts.push(...a.ints.map((v) => pb.int(8, v)), pb.int(20, 7));
  return concat(parts);
}

function node(n: NodeSpec): Bytes {
  return concat([
    ...n.inputs.map((i) => pb.string(1, i)),
    ...n.outputs.map((o) => pb.string(2, o)),
    pb.string(3, n.name),
    pb.string(4, n.opType),
    ...(n.attributes ?? []).map((a) => pb.message(5, attribute(a))),
    ...(n.domain !== undefined ? [pb.string(7, n.domain)] : []),
  ]);
}

/** ValueInfoProto with a float tensor type; a null dimension is the symbolic batch. */
function valueInfo(name: string, shape: (number | null)[]): Bytes {
  const dims = shape.map((d) => pb.message(1, d === null ? pb.string(2, 'batch') : pb.int(1, d)));
  const tensorType = concat([pb.int(1, 1), pb.message(2, ...dims)]);
  return concat([pb.string(1, name), pb.message(2, pb.message(1, tensorType))]);
}

export interface GraphSpec {
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: { name: string; shape: (number | null)[] }[];
  outputs: { name: string; shape: (number | null)[] }[];
  opset?: number;
}

export function encodeModel(g: GraphSpec): Uint8Array {
  const graph = concat([
    ...g.nodes.map((n) => pb.message(1, node(n))),
    pb.string(2, 'relulab-test'),
    ...g.initializers.map((t) => pb.message(5, tensor(t))),
    ...g.inputs.map((i) => pb.message(11, valueInfo(i.name, i.shape))),
    ...g.outputs.map((o) => pb.message(12, valueInfo(o.name, o.shape))),
  ]);
  return concat([
    pb.int(1, 8), // ir_version
    pb.string(2, 'relulab-test-writer'), // producer_name
    pb.message(8, pb.string(1, ''), pb.int(2, g.opset ?? 13)), // opset_import
    pb.message(7, graph),
  ]);
}

const activationOps: Record<string, string | null> = { identity: null, relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', softplus: 'Softplus', leaky_relu: 'LeakyRelu' };

/** The graph of a dense network: Gemm (PyTorch) or MatMul + Add (tf2onnx) per layer, then its activation, then the head. */
export function networkGraph(net: Network, layout: 'gemm' | 'matmul-add' = 'gemm'): GraphSpec {
  const nodes: NodeSpec[] = [];
  const initializers: TensorSpec[] = [];
  let current = 'input';
  let step = 0;
  const nextName = () => `t${++step}`;
  net.layers.forEach((layer, k) => {
    const outs = layer.W.length;
    const ins = layer.W[0]!.length;
    if (layout === 'gemm') {
      initializers.push({ name: `fc${k}.weight`, dims: [outs, ins], values: layer.W.flat() }, { name: `fc${k}.bias`, dims: [outs], values: layer.b });
      const out = nextName();
      nodes.push({ name: `/fc${k}/Gemm`, opType: 'Gemm', inputs: [current, `fc${k}.weight`, `fc${k}.bias`], outputs: [out], attributes: [{ name: 'alpha', f: 1 }, { name: 'beta', f: 1 }, { name: 'transB', i: 1 }] });
      current = out;
    } else {
      const transposed: number[] = [];
      for (let i = 0; i < ins; i++) for (let o = 0; o < outs; o++) transposed.push(layer.W[o]![i]!);
      initializers.push({ name: `dense_${k}/kernel`, dims: [ins, outs], values: transposed, encoding: 'float_data' }, { name: `dense_${k}/bias`, dims: [outs], values: layer.b, encoding: 'float_data' });
      const product = nextName();
      nodes.push({ name: `dense_${k}/MatMul`, opType: 'MatMul', inputs: [current, `dense_${k}/kernel`], outputs: [product] });
      const sum = nextName();
      nodes.push({ name: `dense_${k}/BiasAdd`, opType: 'Add', inputs: [product, `dense_${k}/bias`], outputs: [sum] });
      current = sum;
    }
    const op = activationOps[layer.activation];
    if (op) {
      const out = nextName();
      nodes.push({ name: `act${k}/${op}`, opType: op, inputs: [current], outputs: [out] });
      current = out;
    }
  });
  if (net.output !== 'identity') {
    const out = nextName();
    nodes.push({ name: `head/${net.output}`, opType: net.output === 'softmax' ? 'Softmax' : 'Sigmoid', inputs: [current], outputs: [out], ...(net.output === 'softmax' ? { attributes: [{ name: 'axis', i: -1 }] } : {}) });
    current = out;
  }
  // The last node writes the graph output.
  const last = nodes[nodes.length - 1]!;
  last.outputs = ['output'];
  return {
    nodes,
    initializers,
    inputs: [{ name: 'input', shape: [null, net.layers[0]!.W[0]!.length] }],
    outputs: [{ name: 'output', shape: [null, net.layers[net.layers.length - 1]!.W.length] }],
  };
}

export function encodeOnnxNetwork(net: Network, layout: 'gemm' | 'matmul-add' = 'gemm'): Uint8Array {
  return encodeModel(networkGraph(net, layout));
}
