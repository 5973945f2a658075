import { MAX_NETWORK_WEIGHTS, networkSchema, type Layer, type Network, type OutputHead } from '../../../shared/domain/network';
import { fileTooLarge, MAX_NETWORK_FILE_BYTES, NetworkImportError } from './errors';
import { asBytes, asInt, asString, pushInts, readMessage, WireType, type FieldValue } from './protobuf';

/**
 * Imports sequential dense ReLU networks from ONNX, as PyTorch (Gemm, transB=1) and Keras via
 * tf2onnx (MatMul + Add) export them. Field numbers are those of onnx.proto:
 * ModelProto.graph 7; GraphProto node 1, initializer 5, input 11, output 12; NodeProto input 1,
 * output 2, name 3, op_type 4, attribute 5, domain 7; AttributeProto name 1, f 2, i 3, s 4, t 5,
 * floats 7, ints 8, type 20; TensorProto dims 1, data_type 2, float_data 4, int32_data 5,
 * int64_data 7, name 8, raw_data 9, double_data 10, data_location 14; ValueInfoProto name 1,
 * type 2; TypeProto tensor_type 1; TypeProto.Tensor shape 2; TensorShapeProto dim 1;
 * Dimension dim_value 1.
 */

const SUPPORTED = 'only Gemm, MatMul + Add, Relu, Flatten, Softmax and Sigmoid';
const KNOWN_OPS = new Set(['Gemm', 'MatMul', 'Add', 'Relu', 'Flatten', 'Identity', 'Reshape', 'Softmax', 'Sigmoid', 'Constant']);
/** Numbers held by all tensors together: weights plus biases, shapes and the like. */
const MAX_TENSOR_VALUES = 2 * MAX_NETWORK_WEIGHTS;
const MAX_RANK = 8;

const DataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;
const dataTypeNames: Record<number, string> = { 1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16' };

interface TensorHeader {
  name: string;
  dims: number[];
  dataType: number;
  count: number;
  bytes: Uint8Array;
}

interface Tensor {
  name: string;
  dims: number[];
  /** float and double data as numbers; int32/int64 data as numbers too (shapes). */
  values: number[];
}

interface Attribute {
  name: string;
  f?: number;
  i?: number;
  ints: number[];
  t?: Uint8Array;
}

interface NodeInfo {
  index: number;
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, Attribute>;
}

interface ValueInfo {
  name: string;
  /** null where the dimension is symbolic (the batch) or unknown; undefined shape when absent. */
  shape?: (number | null)[];
}

function fail(message: string): never {
  throw new NetworkImportError(message);
}

function label(node: NodeInfo): string {
  return node.name ? `ONNX node '${node.name}'` : `ONNX node #${node.index + 1} (${node.opType}, unnamed)`;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readTensorHeader(bytes: Uint8Array): TensorHeader {
  const dims: number[] = [];
  let name = '';
  let dataType = 0;
  let external = false;
  readMessage(bytes, (field, value) => {
    if (field === 1) pushInts(value, dims, 'a tensor shape', MAX_RANK);
    else if (field === 2) dataType = asInt(value, 'a tensor data type');
    else if (field === 8) name = asString(value, 'a tensor name');
    else if (field === 13) external = true;
    else if (field === 14 && asInt(value, 'a tensor data location') === 1) external = true;
  });
  const shown = name ? `'${name}'` : '(unnamed)';
  if (external) fail(`ONNX tensor ${shown} keeps its data in an external file; export the model with the weights inside the .onnx file.`);
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) fail(`ONNX tensor ${shown} has an invalid dimension ${d}.`);
    count *= d;
    if (count > MAX_TENSOR_VALUES) fail(`ONNX tensor ${shown} has more than ${MAX_TENSOR_VALUES} values; ReLU Lab imports networks of at most ${MAX_NETWORK_WEIGHTS} weights.`);
  }
  return { name, dims, dataType, count, bytes };
}

function readTensorData(header: TensorHeader): Tensor {
  const { name, dims, dataType, count, bytes } = header;
  const shown = name ? `'${name}'` : '(unnamed)';
  if (dataType !== DataType.FLOAT && dataType !== DataType.DOUBLE && dataType !== DataType.INT64 && dataType !== DataType.INT32) {
    fail(`ONNX tensor ${shown} holds ${dataTypeNames[dataType] ?? `data type ${dataType}`} values; ReLU Lab imports float32 or float64 weights.`);
  }
  const values: number[] = [];
  let raw: Uint8Array | null = null;
  const tooMany = () => fail(`ONNX tensor ${shown} holds more values than its shape [${dims.join(', ')}] has room for.`);
  readMessage(bytes, (field, value) => {
    if (field === 9) raw = asBytes(value, 'raw tensor data');
    else if (field === 4 && dataType === DataType.FLOAT) readFixed(bytes, value, 4, values, count, tooMany);
    else if (field === 10 && dataType === DataType.DOUBLE) readFixed(bytes, value, 8, values, count, tooMany);
    else if ((field === 7 && dataType === DataType.INT64) || (field === 5 && dataType === DataType.INT32)) pushInts(value, values, `tensor ${shown}`, count);
  });
  if (raw !== null) {
    const data: Uint8Array = raw;
    const size = dataType === DataType.FLOAT || dataType === DataType.INT32 ? 4 : 8;
    if (data.length !== count * size) fail(`ONNX tensor ${shown} has ${data.length} bytes of data but its shape [${dims.join(', ')}] needs ${count * size}.`);
    const dv = view(data);
    for (let k = 0; k < count; k++) {
      const at = k * size;
      if (dataType === DataType.FLOAT) values.push(dv.getFloat32(at, true));
      else if (dataType === DataType.DOUBLE) values.push(dv.getFloat64(at, true));
      else if (dataType === DataType.INT32) values.push(dv.getInt32(at, true));
      else values.push(Number(dv.getBigInt64(at, true)));
    }
  }
  if (values.length !== count) fail(`ONNX tensor ${shown} has ${values.length} values but its shape [${dims.join(', ')}] needs ${count}.`);
  return { name, dims, values };
}

function readFixed(message: Uint8Array, value: FieldValue, size: 4 | 8, into: number[], limit: number, tooMany: () => never): void {
  if (value.wire === WireType.Bytes) {
    if (value.bytes.length % size !== 0) fail(`The file is not a valid ONNX model: packed ${size * 8}-bit numbers take ${value.bytes.length} bytes.`);
    const n = value.bytes.length / size;
    if (into.length + n > limit) tooMany();
    const dv = view(value.bytes);
    for (let k = 0; k < n; k++) into.push(size === 4 ? dv.getFloat32(k * 4, true) : dv.getFloat64(k * 8, true));
  } else if ((value.wire === WireType.Fixed32 && size === 4) || (value.wire === WireType.Fixed64 && size === 8)) {
    // Unpacked repeated numbers: the reader already checked the bytes are there.
    if (into.length + 1 > limit) tooMany();
    into.push(size === 4 ? view(message).getFloat32(value.offset, true) : view(message).getFloat64(value.offset, true));
  } else fail('The file is not a valid ONNX model: tensor data of the wrong wire type.');
}

function readAttribute(bytes: Uint8Array): Attribute {
  const attribute: Attribute = { name: '', ints: [] };
  readMessage(bytes, (field, value) => {
    if (field === 1) attribute.name = asString(value, 'an attribute name');
    else if (field === 2) {
      if (value.wire !== WireType.Fixed32) fail('The file is not a valid ONNX model: a float attribute is not a 32-bit value.');
      attribute.f = view(bytes).getFloat32(value.offset, true);
    } else if (field === 3) attribute.i = asInt(value, 'an integer attribute');
    else if (field === 5) attribute.t = asBytes(value, 'a tensor attribute');
    else if (field === 8) pushInts(value, attribute.ints, 'an integer list attribute', 64);
  });
  return attribute;
}

function readNode(bytes: Uint8Array, index: number): NodeInfo {
  const node: NodeInfo = { index, name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: new Map() };
  readMessage(bytes, (field, value) => {
    if (field === 1) node.inputs.push(asString(value, 'a node input'));
    else if (field === 2) node.outputs.push(asString(value, 'a node output'));
    else if (field === 3) node.name = asString(value, 'a node name');
    else if (field === 4) node.opType = asString(value, 'an op type');
    else if (field === 7) node.domain = asString(value, 'an op domain');
    else if (field === 5) {
      const attribute = readAttribute(asBytes(value, 'an attribute'));
      node.attributes.set(attribute.name, attribute);
    }
  });
  return node;
}

function readValueInfo(bytes: Uint8Array): ValueInfo {
  const info: ValueInfo = { name: '' };
  readMessage(bytes, (field, value) => {
    if (field === 1) info.name = asString(value, 'an input name');
    else if (field === 2) {
      readMessage(asBytes(value, 'a type'), (f, typeValue) => {
        if (f !== 1) return; // tensor_type
        readMessage(asBytes(typeValue, 'a tensor type'), (g, tensorValue) => {
          if (g !== 2) return; // shape
          const shape: (number | null)[] = [];
          readMessage(asBytes(tensorValue, 'a shape'), (h, dimValue) => {
            if (h !== 1) return;
            if (shape.length >= MAX_RANK) fail(`The ONNX input '${info.name}' has more than ${MAX_RANK} dimensions.`);
            let size: number | null = null;
            readMessage(asBytes(dimValue, 'a dimension'), (k, v) => {
              if (k === 1) size = asInt(v, 'a dimension');
            });
            shape.push(size !== null && size > 0 ? size : null);
          });
          info.shape = shape;
        });
      });
    }
  });
  return info;
}

interface Graph {
  nodes: NodeInfo[];
  initializers: Map<string, TensorHeader>;
  inputs: ValueInfo[];
  outputs: string[];
}

function readGraph(bytes: Uint8Array): Graph {
  const graph: Graph = { nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  readMessage(bytes, (field, value) => {
    if (field === 1) graph.nodes.push(readNode(asBytes(value, 'a node'), graph.nodes.length));
    else if (field === 5) {
      const header = readTensorHeader(asBytes(value, 'an initializer'));
      graph.initializers.set(header.name, header);
    } else if (field === 11) graph.inputs.push(readValueInfo(asBytes(value, 'a graph input')));
    else if (field === 12) graph.outputs.push(readValueInfo(asBytes(value, 'a graph output')).name);
  });
  return graph;
}

function attrInt(node: NodeInfo, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a?.i ?? fallback;
}

function attrFloat(node: NodeInfo, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a?.f ?? fallback;
}

interface Pending {
  W: number[][];
  b: number[];
  source: NodeInfo;
}

export function parseOnnxNetwork(bytes: Uint8Array): Network {
  if (bytes.length > MAX_NETWORK_FILE_BYTES) throw fileTooLarge(bytes.length, 'ONNX');
  if (bytes.length === 0) fail('The ONNX file is empty.');
  let graphBytes: Uint8Array | null = null;
  readMessage(bytes, (field, value) => {
    if (field === 7) graphBytes = asBytes(value, 'the graph');
  });
  if (graphBytes === null) fail('The file is not an ONNX model: it has no graph.');
  const graph = readGraph(graphBytes);
  if (graph.nodes.length === 0) fail('The ONNX graph has no nodes.');

  // Refuse unsupported operators first, whatever the graph's shape, naming the node and op.
  for (const node of graph.nodes) {
    if ((node.domain && node.domain !== 'ai.onnx') || !KNOWN_OPS.has(node.opType)) {
      const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType || '(none)';
      fail(`${label(node)} uses op ${op}, which ReLU Lab does not import: ${SUPPORTED} (sequential dense ReLU networks).`);
    }
  }

  // Constants: initializers and Constant nodes.
  const constants = new Map(graph.initializers);
  for (const node of graph.nodes) {
    if (node.opType !== 'Constant') continue;
    const t = node.attributes.get('value')?.t;
    if (!t || node.outputs.length !== 1) fail(`${label(node)} is a Constant without a tensor value; ReLU Lab imports constant tensors only.`);
    constants.set(node.outputs[0]!, { ...readTensorHeader(t), name: node.outputs[0]! });
  }
  let matrixWeights = 0;
  let allValues = 0;
  for (const header of constants.values()) {
    if (header.dims.length >= 2) matrixWeights += header.count;
    allValues += header.count;
  }
  if (matrixWeights > MAX_NETWORK_WEIGHTS) fail(`The ONNX network has ${matrixWeights} weights; the limit is ${MAX_NETWORK_WEIGHTS}.`);
  if (allValues > MAX_TENSOR_VALUES) fail(`The ONNX model holds ${allValues} numbers in its tensors; ReLU Lab imports networks of at most ${MAX_NETWORK_WEIGHTS} weights.`);
  const decoded = new Map<string, Tensor>();
  const constant = (name: string): Tensor | undefined => {
    const header = constants.get(name);
    if (!header) return undefined;
    let tensor = decoded.get(name);
    if (!tensor) {
      tensor = readTensorData(header);
      decoded.set(name, tensor);
    }
    return tensor;
  };

  const inputs = graph.inputs.filter((i) => !constants.has(i.name));
  if (inputs.length !== 1) {
    fail(`The ONNX graph has ${inputs.length} inputs${inputs.length ? ` (${inputs.map((i) => i.name).join(', ')})` : ''}; ReLU Lab imports networks with one input vector.`);
  }
  if (graph.outputs.length !== 1) fail(`The ONNX graph has ${graph.outputs.length} outputs; ReLU Lab imports networks with one output.`);
  const input = inputs[0]!;
  const outputName = graph.outputs[0]!;

  const consumers = new Map<string, NodeInfo[]>();
  for (const node of graph.nodes) {
    if (node.opType === 'Constant') continue;
    for (const name of new Set(node.inputs)) {
      if (!name || constants.has(name)) continue;
      const list = consumers.get(name) ?? [];
      list.push(node);
      consumers.set(name, list);
    }
  }

  // Walk the chain from the input to the output.
  const shape = input.shape;
  let flat = !shape || shape.length <= 2;
  let width: number | null = shape && shape.length >= 1 && shape.length <= 2 ? shape[shape.length - 1]! : null;
  if (shape && shape.length > 2 && shape.slice(1).every((d) => d !== null)) width = shape.slice(1).reduce<number>((p, d) => p * d!, 1);
  const layers: Layer[] = [];
  let pending: Pending | null = null;
  let head: OutputHead = 'identity';
  let headNode: NodeInfo | null = null;
  const visited = new Set<NodeInfo>();
  let current = input.name;

  const flush = (activation: 'identity' | 'relu') => {
    if (!pending) return;
    layers.push({ W: pending.W, b: pending.b, activation });
    pending = null;
  };
  const checkFinite = (node: NodeInfo, tensor: Tensor) => {
    if (!tensor.values.every(Number.isFinite)) fail(`${label(node)}: tensor '${tensor.name}' holds a value that is not a finite number.`);
  };
  const biasOf = (node: NodeInfo, tensor: Tensor, out: number): number[] => {
    checkFinite(node, tensor);
    const n = tensor.values.length;
    const dims = tensor.dims;
    const broadcastable = dims.length <= 1 || (dims.length === 2 && dims[0] === 1);
    if (!broadcastable || (n !== out && n !== 1)) fail(`${label(node)}: the bias '${tensor.name}' has shape [${dims.join(', ')}] but the layer has ${out} units.`);
    return n === 1 ? new Array<number>(out).fill(tensor.values[0]!) : [...tensor.values];
  };
  const otherInput = (node: NodeInfo, position: number): Tensor => {
    const name = node.inputs[position];
    if (!name) fail(`${label(node)} (${node.opType}) is missing an input.`);
    const tensor = constant(name);
    if (!tensor) fail(`${label(node)} (${node.opType}) takes '${name}' from another branch of the graph; ReLU Lab imports sequential networks whose weights are constants.`);
    return tensor;
  };
  const matrix = (node: NodeInfo, tensor: Tensor, transpose: boolean, scale: number): number[][] => {
    if (tensor.dims.length !== 2) fail(`${label(node)}: the weight '${tensor.name}' has shape [${tensor.dims.join(', ')}], not a matrix.`);
    checkFinite(node, tensor);
    const [rows, cols] = tensor.dims as [number, number];
    const outs = transpose ? cols : rows;
    const ins = transpose ? rows : cols;
    if (!flat) fail(`${label(node)} receives a tensor of shape [${(shape ?? []).map((d) => d ?? '?').join(', ')}], not a flat vector; ReLU Lab imports dense networks on flat inputs (add a Flatten).`);
    if (width !== null && ins !== width) fail(`${label(node)} expects ${ins} inputs but receives a vector of ${width}.`);
    const W: number[][] = [];
    for (let o = 0; o < outs; o++) {
      const row = new Array<number>(ins);
      for (let i = 0; i < ins; i++) row[i] = scale * tensor.values[transpose ? i * cols + o : o * cols + i]!;
      W.push(row);
    }
    width = outs;
    return W;
  };

  for (;;) {
    const next = consumers.get(current) ?? [];
    if (next.length === 0) {
      if (current !== outputName) fail(`The ONNX graph is not a chain from its input to its output: tensor '${current}' leads nowhere.`);
      break;
    }
    if (next.length > 1) fail(`The ONNX graph is not sequential: tensor '${current}' feeds ${next.length} nodes (${next.map((n) => n.name || n.opType).join(', ')}); ReLU Lab imports sequential networks only.`);
    if (current === outputName) fail(`The ONNX graph is not sequential: its output '${current}' also feeds node '${next[0]!.name || next[0]!.opType}'.`);
    const node = next[0]!;
    if (visited.has(node)) fail(`The ONNX graph has a cycle through ${label(node)}.`);
    visited.add(node);
    if (node.outputs.length !== 1) fail(`${label(node)} (${node.opType}) has ${node.outputs.length} outputs; ReLU Lab expects one.`);
    if (headNode) fail(`${label(node)} (${node.opType}) follows the output ${headNode.opType}; ${headNode.opType} is imported only as the last node.`);
    const position = node.inputs.indexOf(current);
    switch (node.opType) {
      case 'Gemm': {
        if (position !== 0) fail(`${label(node)} (Gemm) multiplies the weights from the left; ReLU Lab imports Gemm with the data as its first input.`);
        if (attrInt(node, 'transA', 0) !== 0) fail(`${label(node)} (Gemm) has transA=1; ReLU Lab imports Gemm with transA=0.`);
        const alpha = attrFloat(node, 'alpha', 1);
        const beta = attrFloat(node, 'beta', 1);
        flush('identity');
        const W = matrix(node, otherInput(node, 1), attrInt(node, 'transB', 0) === 0, alpha);
        const c = node.inputs[2] ? otherInput(node, 2) : null;
        const b = c ? biasOf(node, c, W.length).map((v) => beta * v) : new Array<number>(W.length).fill(0);
        pending = { W, b, source: node };
        break;
      }
      case 'MatMul': {
        if (position !== 0) fail(`${label(node)} (MatMul) multiplies the weights from the left; ReLU Lab imports x·W with the data as the first input.`);
        flush('identity');
        const W = matrix(node, otherInput(node, 1), true, 1);
        pending = { W, b: new Array<number>(W.length).fill(0), source: node };
        break;
      }
      case 'Add': {
        const p = pending as Pending | null;
        if (!p) fail(`${label(node)} (Add) adds to something other than a MatMul or Gemm; ReLU Lab imports Add only as the bias of a dense layer.`);
        const bias = biasOf(node, otherInput(node, position === 0 ? 1 : 0), p.W.length);
        p.b = p.b.map((v, k) => v + bias[k]!);
        break;
      }
      case 'Relu': {
        if (pending) flush('relu');
        else if (layers.length === 0 || layers[layers.length - 1]!.activation !== 'relu') {
          fail(`${label(node)} (Relu) is applied to the input, not after a dense layer; ReLU Lab imports Relu between Gemm or MatMul layers.`);
        }
        break;
      }
      case 'Sigmoid':
      case 'Softmax': {
        if (node.outputs[0] !== outputName) fail(`${label(node)} uses op ${node.opType} inside the network; ReLU Lab imports ${node.opType} only as the last node (the output head), with Relu between layers.`);
        if (node.opType === 'Softmax') {
          const axis = attrInt(node, 'axis', -1);
          if (axis !== -1 && axis !== 1 && !(axis === 0 && shape && shape.length === 1)) fail(`${label(node)} (Softmax) has axis=${axis}; ReLU Lab imports a softmax over the outputs (axis -1 or 1).`);
        }
        if (!pending && layers.length === 0) fail(`${label(node)} (${node.opType}) has no dense layer before it.`);
        flush('identity');
        head = node.opType === 'Softmax' ? 'softmax' : 'sigmoid';
        headNode = node;
        break;
      }
      case 'Identity':
        break;
      case 'Flatten': {
        const axis = attrInt(node, 'axis', 1);
        if (axis !== 1 && !(axis === -1 && flat && (!shape || shape.length === 2))) fail(`${label(node)} (Flatten) has axis=${axis}; ReLU Lab imports Flatten only when it keeps one flat vector per sample (axis 1).`);
        flat = true;
        break;
      }
      case 'Reshape': {
        const target = otherInput(node, 1).values;
        const batchFirst = target.length === 2 && [-1, 0, 1].includes(target[0]!);
        const last = target[target.length - 1];
        const flatTarget = (target.length === 1 || batchFirst) && last !== undefined && (last === -1 || last > 0) && !(target.length === 2 && target[0] === -1 && last === -1);
        if (!flatTarget || (last! > 0 && width !== null && last !== width)) {
          fail(`${label(node)} (Reshape) reshapes to [${target.join(', ')}]; ReLU Lab imports Reshape only when it keeps one flat vector${width !== null ? ` of ${width}` : ''} per sample.`);
        }
        if (last! > 0) width = last!;
        flat = true;
        break;
      }
      default:
        fail(`${label(node)} uses op ${node.opType}, which ReLU Lab does not import: ${SUPPORTED}.`);
    }
    current = node.outputs[0]!;
  }
  flush('identity');
  for (const node of graph.nodes) {
    if (node.opType !== 'Constant' && !visited.has(node)) fail(`${label(node)} (${node.opType}) is not on the path from the input to the output; ReLU Lab imports sequential networks only.`);
  }
  if (layers.length === 0) fail('The ONNX graph has no dense layer (Gemm or MatMul).');
  const parsed = networkSchema.safeParse({ layers, output: head });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(`The imported network is not valid: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}.`);
  }
  return parsed.data;
}
