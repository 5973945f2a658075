import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import { classColor } from '../charts/palette';
import { chartTheme, type ChartTheme } from '../charts/theme';
import { paddedRange } from '../charts/points';
import { formatNumber } from '../format/numbers';
import { activeTheme } from './useTheme';
import { GRID_STEP, nearestPoint, pointsInBox, type EditorPoint, type PointEditor } from './usePointEditor';

export interface View {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

interface DataPoint {
  x: number;
  y: number;
}

const MARGIN = { left: 42, right: 12, top: 12, bottom: 30 };
const POINT_RADIUS = 5;
const HIT_RADIUS = 8;
/** Pixels the pointer may wander before a press counts as a drag rather than a click. */
const DRAG_THRESHOLD = 3;

/** Equal units on both axes, so that circles look round; the view is fixed while editing so points do not slide under the pointer. */
export function fitView(points: readonly EditorPoint[]): View {
  const [xMin, xMax] = paddedRange(points.map((p) => p.x), 0.15);
  const [yMin, yMax] = paddedRange(points.map((p) => p.y), 0.15);
  const half = Math.max(xMax - xMin, yMax - yMin) / 2;
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** 1, 2 or 5 times a power of ten, near `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
}

type Gesture =
  | { kind: 'none' }
  | { kind: 'drag'; start: DataPoint; startPx: DataPoint; moved: boolean }
  | { kind: 'box'; start: DataPoint; startPx: DataPoint; additive: boolean; moved: boolean }
  | { kind: 'press'; start: DataPoint; startPx: DataPoint };

/**
 * Draws the editor's points on a plain canvas and turns pointer gestures into editor commands:
 * click on empty space adds, click on a point selects (Ctrl toggles), drag moves the selection,
 * shift-drag (or a drag from empty space) selects with a box.
 */
export function usePointCanvas(canvas: Readonly<Ref<HTMLCanvasElement | null>>, editor: PointEditor, activeClass: Readonly<Ref<number>>) {
  const view = shallowRef<View>(fitView(editor.points.value));
  /** While dragging: how far the selection has moved, drawn without committing a command per pixel. */
  const dragOffset = shallowRef<DataPoint | null>(null);
  const box = shallowRef<{ from: DataPoint; to: DataPoint } | null>(null);
  const cursor = ref('crosshair');
  let gesture: Gesture = { kind: 'none' };
  let frame = 0;
  let resizeObserver: ResizeObserver | null = null;

  function plotSize(): { width: number; height: number } {
    const element = canvas.value;
    return { width: element?.clientWidth ?? 0, height: element?.clientHeight ?? 0 };
  }

  function scales(): { sx: number; sy: number } {
    const { width, height } = plotSize();
    const v = view.value;
    return { sx: (width - MARGIN.left - MARGIN.right) / (v.xMax - v.xMin), sy: (height - MARGIN.top - MARGIN.bottom) / (v.yMax - v.yMin) };
  }

  function toPixel(x: number, y: number): DataPoint {
    const { height } = plotSize();
    const { sx, sy } = scales();
    return { x: MARGIN.left + (x - view.value.xMin) * sx, y: height - MARGIN.bottom - (y - view.value.yMin) * sy };
  }

  function toData(px: number, py: number): DataPoint {
    const { height } = plotSize();
    const { sx, sy } = scales();
    return { x: view.value.xMin + (px - MARGIN.left) / sx, y: view.value.yMin + (height - MARGIN.bottom - py) / sy };
  }

  function drawAxes(context: CanvasRenderingContext2D, width: number, height: number, theme: ChartTheme): void {
    const v = view.value;
    const { sx } = scales();
    context.font = '11px system-ui, sans-serif';
    context.lineWidth = 1;
    if (editor.snap.value && GRID_STEP * sx >= 6) {
      // The snapping grid, fainter than the labelled one.
      context.globalAlpha = 0.45;
      context.strokeStyle = theme.grid;
      context.beginPath();
      for (let x = Math.ceil(v.xMin / GRID_STEP) * GRID_STEP; x <= v.xMax; x += GRID_STEP) {
        const px = Math.round(toPixel(x, 0).x) + 0.5;
        context.moveTo(px, MARGIN.top);
        context.lineTo(px, height - MARGIN.bottom);
      }
      for (let y = Math.ceil(v.yMin / GRID_STEP) * GRID_STEP; y <= v.yMax; y += GRID_STEP) {
        const py = Math.round(toPixel(0, y).y) + 0.5;
        context.moveTo(MARGIN.left, py);
        context.lineTo(width - MARGIN.right, py);
      }
      context.stroke();
      context.globalAlpha = 1;
    }
    const step = niceStep((v.xMax - v.xMin) / 6);
    context.strokeStyle = theme.grid;
    context.fillStyle = theme.text;
    context.beginPath();
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (let x = Math.ceil(v.xMin / step) * step; x <= v.xMax; x += step) {
      const px = Math.round(toPixel(x, 0).x) + 0.5;
      context.moveTo(px, MARGIN.top);
      context.lineTo(px, height - MARGIN.bottom);
      context.fillText(formatNumber(x, 3), px, height - MARGIN.bottom + 5);
    }
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (let y = Math.ceil(v.yMin / step) * step; y <= v.yMax; y += step) {
      const py = Math.round(toPixel(0, y).y) + 0.5;
      context.moveTo(MARGIN.left, py);
      context.lineTo(width - MARGIN.right, py);
      context.fillText(formatNumber(y, 3), MARGIN.left - 5, py);
    }
    context.stroke();
    context.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
  }

  function drawPoints(context: CanvasRenderingContext2D, theme: ChartTheme): void {
    const selected = editor.selection.value;
    const offset = dragOffset.value;
    for (const point of editor.points.value) {
      const moving = offset !== null && selected.has(point.id);
      const { x, y } = toPixel(point.x + (moving ? offset.x : 0), point.y + (moving ? offset.y : 0));
      context.beginPath();
      context.arc(x, y, POINT_RADIUS, 0, 2 * Math.PI);
      context.fillStyle = classColor(point.label);
      context.fill();
      context.lineWidth = 1;
      context.strokeStyle = theme.pointBorder;
      context.stroke();
      if (selected.has(point.id)) {
        context.beginPath();
        context.arc(x, y, POINT_RADIUS + 3, 0, 2 * Math.PI);
        context.lineWidth = 2;
        context.strokeStyle = theme.contour;
        context.stroke();
      }
    }
  }

  function draw(): void {
    frame = 0;
    const element = canvas.value;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const { width, height } = plotSize();
    const ratio = window.devicePixelRatio || 1;
    if (element.width !== Math.round(width * ratio) || element.height !== Math.round(height * ratio)) {
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    // Transparent: the element's background (the theme's surface) shows through.
    context.clearRect(0, 0, width, height);
    const theme = chartTheme();
    drawAxes(context, width, height, theme);
    context.save();
    context.beginPath();
    context.rect(MARGIN.left, MARGIN.top, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
    context.clip();
    drawPoints(context, theme);
    if (box.value) {
      const a = toPixel(box.value.from.x, box.value.from.y);
      const b = toPixel(box.value.to.x, box.value.to.y);
      context.fillStyle = 'rgba(47, 98, 184, 0.12)';
      context.strokeStyle = '#2f62b8';
      context.lineWidth = 1;
      context.setLineDash([4, 3]);
      context.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
      context.strokeRect(a.x, a.y, b.x - a.x, b.y - a.y);
      context.setLineDash([]);
    }
    context.restore();
  }

  function redraw(): void {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function eventPoint(event: PointerEvent): { data: DataPoint; px: DataPoint } {
    const rect = canvas.value!.getBoundingClientRect();
    const px = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    return { data: toData(px.x, px.y), px };
  }

  function hit(data: DataPoint): number | null {
    const { sx, sy } = scales();
    return nearestPoint(editor.points.value, data.x, data.y, sx, sy, HIT_RADIUS);
  }

  function onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const { data, px } = eventPoint(event);
    canvas.value?.setPointerCapture(event.pointerId);
    // For the keyboard shortcuts; without preventScroll a half-visible canvas jumps under the pointer.
    canvas.value?.focus({ preventScroll: true });
    if (event.shiftKey) {
      gesture = { kind: 'box', start: data, startPx: px, additive: true, moved: false };
      return;
    }
    const id = hit(data);
    if (id === null) {
      gesture = { kind: 'press', start: data, startPx: px };
    } else if (event.ctrlKey || event.metaKey) {
      editor.select([id], 'toggle');
      gesture = { kind: 'none' };
    } else {
      if (!editor.selection.value.has(id)) editor.select([id]);
      gesture = { kind: 'drag', start: data, startPx: px, moved: false };
    }
  }

  function onPointerMove(event: PointerEvent): void {
    const { data, px } = eventPoint(event);
    if (gesture.kind === 'none') {
      cursor.value = hit(data) === null ? 'crosshair' : 'move';
      return;
    }
    const far = Math.hypot(px.x - gesture.startPx.x, px.y - gesture.startPx.y) > DRAG_THRESHOLD;
    if (gesture.kind === 'press' && far) gesture = { kind: 'box', start: gesture.start, startPx: gesture.startPx, additive: false, moved: true };
    if (gesture.kind === 'drag' && (gesture.moved || far)) {
      gesture.moved = true;
      dragOffset.value = { x: data.x - gesture.start.x, y: data.y - gesture.start.y };
    } else if (gesture.kind === 'box' && (gesture.moved || far)) {
      gesture.moved = true;
      box.value = { from: gesture.start, to: data };
    }
  }

  function onPointerUp(event: PointerEvent): void {
    const { data } = eventPoint(event);
    if (gesture.kind === 'drag' && gesture.moved && dragOffset.value) {
      const { x, y } = dragOffset.value;
      dragOffset.value = null;
      editor.moveSelection(x, y);
    } else if (gesture.kind === 'box') {
      const ids = gesture.moved ? pointsInBox(editor.points.value, gesture.start.x, gesture.start.y, data.x, data.y) : [];
      if (gesture.moved || !gesture.additive) editor.select(ids, gesture.additive ? 'add' : 'replace');
      box.value = null;
    } else if (gesture.kind === 'press') {
      editor.add(gesture.start.x, gesture.start.y, activeClass.value);
    }
    gesture = { kind: 'none' };
    dragOffset.value = null;
  }

  function onPointerCancel(): void {
    gesture = { kind: 'none' };
    dragOffset.value = null;
    box.value = null;
  }

  function fit(): void {
    view.value = fitView(editor.points.value);
  }

  watch([editor.points, editor.selection, editor.snap, view, dragOffset, box, activeTheme], redraw);

  onMounted(() => {
    const element = canvas.value;
    if (!element) return;
    element.addEventListener('pointerdown', onPointerDown);
    element.addEventListener('pointermove', onPointerMove);
    element.addEventListener('pointerup', onPointerUp);
    element.addEventListener('pointercancel', onPointerCancel);
    resizeObserver = new ResizeObserver(redraw);
    resizeObserver.observe(element);
    redraw();
  });

  onBeforeUnmount(() => {
    const element = canvas.value;
    element?.removeEventListener('pointerdown', onPointerDown);
    element?.removeEventListener('pointermove', onPointerMove);
    element?.removeEventListener('pointerup', onPointerUp);
    element?.removeEventListener('pointercancel', onPointerCancel);
    resizeObserver?.disconnect();
    if (frame) cancelAnimationFrame(frame);
  });

  /** Where data coordinates land on the canvas (CSS pixels), published on the element for tests and tools. */
  const geometry = computed(() => {
    const v = view.value;
    return { view: [v.xMin, v.xMax, v.yMin, v.yMax].join(','), margin: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom].join(',') };
  });

  return { view, cursor, geometry, fit };
}
