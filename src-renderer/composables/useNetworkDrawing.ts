import { computed, type Ref } from 'vue';
import { formatNumber } from '../format/numbers';
import { CONNECTION_EPSILON, neuronContributes, type SparseNet } from '../results/milp';

export interface DrawnNode {
  key: string;
  x: number;
  y: number;
  r: number;
  label: string;
  /** Under the node: a hidden neuron's bias. */
  caption: string;
  /** The whole story, as a tooltip. */
  title: string;
  /** Contributes nothing to the output: an input no used neuron reads, a neuron with v = 0 or always 0. */
  unused: boolean;
}

export interface DrawnEdge {
  key: string;
  d: string;
  width: number;
  sign: 'positive' | 'negative';
  label: string;
  labelX: number;
  labelY: number;
  title: string;
}

export interface NetworkLayout {
  width: number;
  height: number;
  nodes: DrawnNode[];
  /** Hidden-layer weights in use: the connections the MILP counts. */
  connections: DrawnEdge[];
  /** Output weights vᵢ = ±1 of the neurons that contribute. */
  outputs: DrawnEdge[];
  showsLabels: boolean;
}

const WIDTH = 560;
const MARGIN_X = 70;
const MARGIN_Y = 34;
const ROOMY_SPACING = 72;
const MIN_SPACING = 26;
const MAX_HEIGHT = 520;
/** Widest stroke, for the largest |w|; the thinnest is 1. */
const MAX_STROKE = 6;
// Beyond this many drawn connections their value labels overlap: the tooltips keep the values.
const LABEL_LIMIT = 16;
/** Weight labels sit near the input end, where lines fanning out from one input are far apart. */
const WEIGHT_LABEL_AT = 0.34;

/** A typographic minus: a hyphen in a small label reads as a dash. */
function signed(text: string): string {
  return text.replace(/^-/, '−');
}

function subscript(n: number): string {
  return String(n).replace(/\d/g, (digit) => '₀₁₂₃₄₅₆₇₈₉'[Number(digit)]!);
}

function column(count: number, x: number, spacing: number, height: number): { x: number; y: number }[] {
  const top = (height - (count - 1) * spacing) / 2;
  return Array.from({ length: count }, (_, i) => ({ x, y: top + i * spacing }));
}

function edge(from: { x: number; y: number }, to: { x: number; y: number }, labelAt: number) {
  return {
    d: `M ${from.x.toFixed(1)} ${from.y.toFixed(1)} L ${to.x.toFixed(1)} ${to.y.toFixed(1)}`,
    labelX: from.x + (to.x - from.x) * labelAt,
    // Just above the line, so that the text does not sit on the stroke.
    labelY: from.y + (to.y - from.y) * labelAt - 5,
  };
}

/** Where every neuron and connection of a one-hidden-layer sparse net goes in an SVG drawing. */
export function layoutSparseNet(net: SparseNet, inputNames: readonly string[]): NetworkLayout {
  const inputs = net.W[0]?.length ?? 0;
  const hidden = net.W.length;
  const rows = Math.max(inputs, hidden, 1);
  const spacing = Math.max(MIN_SPACING, Math.min(ROOMY_SPACING, (MAX_HEIGHT - 2 * MARGIN_Y) / Math.max(1, rows - 1)));
  const height = Math.max(140, (rows - 1) * spacing + 2 * MARGIN_Y + 14);
  const r = Math.min(17, spacing * 0.32);

  const inputAt = column(inputs, MARGIN_X, spacing, height);
  const hiddenAt = column(hidden, WIDTH / 2, spacing, height);
  const outputAt = { x: WIDTH - MARGIN_X, y: height / 2 };

  const maxAbs = Math.max(CONNECTION_EPSILON, ...net.W.flat().map(Math.abs));
  const used = (w: number) => Math.abs(w) > CONNECTION_EPSILON;
  const neuronUsed = net.v.map((_, i) => neuronContributes(net, i));
  const inputUsed = Array.from({ length: inputs }, (_, j) => net.W.some((row, i) => neuronUsed[i] && used(row[j]!)));

  const connections: DrawnEdge[] = [];
  net.W.forEach((row, i) =>
    row.forEach((w, j) => {
      if (!used(w)) return;
      const name = inputNames[j] ?? `x${subscript(j + 1)}`;
      connections.push({
        key: `w-${i}-${j}`,
        ...edge(inputAt[j]!, hiddenAt[i]!, WEIGHT_LABEL_AT),
        width: 1 + (MAX_STROKE - 1) * (Math.abs(w) / maxAbs),
        sign: w > 0 ? 'positive' : 'negative',
        label: signed(formatNumber(w, 3)),
        title: `w${subscript(i + 1)},${subscript(j + 1)} = ${formatNumber(w)} (${name} → h${subscript(i + 1)})`,
      });
    }),
  );

  const outputs: DrawnEdge[] = net.v.flatMap((v, i) =>
    !neuronUsed[i]
      ? []
      : [
          {
            key: `v-${i}`,
            ...edge(hiddenAt[i]!, outputAt, 0.5),
            width: 2,
            sign: v > 0 ? ('positive' as const) : ('negative' as const),
            label: v > 0 ? '+1' : '−1',
            title: `v${subscript(i + 1)} = ${v > 0 ? '+1' : '−1'} (h${subscript(i + 1)} → ŷ)`,
          },
        ],
  );

  const nodes: DrawnNode[] = [
    ...inputAt.map((at, j) => {
      const name = inputNames[j] ?? `x${subscript(j + 1)}`;
      return { key: `x-${j}`, ...at, r, label: name, caption: '', title: inputUsed[j] ? `input ${name}` : `input ${name}: no connection reads it`, unused: !inputUsed[j] };
    }),
    ...hiddenAt.map((at, i) => {
      const bias = net.b[i] ?? 0;
      const label = `h${subscript(i + 1)}`;
      const role = neuronUsed[i] ? `output weight ${net.v[i]! > 0 ? '+1' : '−1'}` : net.v[i] ? 'unused: no inputs and b ≤ 0, so always 0' : 'unused: output weight 0';
      return { key: `h-${i}`, ...at, r, label, caption: `b = ${signed(formatNumber(bias, 3))}`, title: `${label}: bias ${formatNumber(bias)}, ${role}`, unused: !neuronUsed[i] };
    }),
    { key: 'y', ...outputAt, r, label: 'ŷ', caption: net.outputBias ? `b = ${signed(formatNumber(net.outputBias, 3))}` : '', title: 'output ŷ = Σᵢ vᵢ·hᵢ (identity)', unused: false },
  ];

  return { width: WIDTH, height, nodes, connections, outputs, showsLabels: connections.length <= LABEL_LIMIT && spacing >= 40 };
}

export function useNetworkDrawing(net: Readonly<Ref<SparseNet | null>>, inputNames: Readonly<Ref<readonly string[]>>) {
  const layout = computed(() => (net.value ? layoutSparseNet(net.value, inputNames.value) : null));
  const unusedCount = computed(() => (net.value ? net.value.v.filter((_, i) => !neuronContributes(net.value!, i)).length : 0));
  return { layout, unusedCount };
}
