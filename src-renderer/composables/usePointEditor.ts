import { computed, ref, shallowRef } from 'vue';

export interface EditorPoint {
  /** Also the point's place in the saved rows: loaded points keep their row order, new ones go last. */
  id: number;
  x: number;
  y: number;
  label: number;
  test: boolean;
}

/** One undoable step: the points as they were and as they became (absent before = added, absent after = removed). */
interface Change {
  before: EditorPoint[];
  after: EditorPoint[];
}

export const GRID_STEP = 0.1;
const MAX_UNDO = 200;

/** Rounds to the grid; toFixed removes the 0.30000000000000004 that a plain multiply leaves. */
export function snapToGrid(value: number, step = GRID_STEP): number {
  return Number((Math.round(value / step) * step).toFixed(10));
}

/** The point drawn nearest to (x, y) within `radius` pixels; `scaleX`/`scaleY` are pixels per data unit. */
export function nearestPoint(points: readonly EditorPoint[], x: number, y: number, scaleX: number, scaleY: number, radius: number): number | null {
  let best: number | null = null;
  let bestDistance = radius * radius;
  // Later points are drawn on top: on a tie the one the user sees wins.
  for (const point of points) {
    const dx = (point.x - x) * scaleX;
    const dy = (point.y - y) * scaleY;
    const distance = dx * dx + dy * dy;
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = point.id;
    }
  }
  return best;
}

export function pointsInBox(points: readonly EditorPoint[], x0: number, y0: number, x1: number, y1: number): number[] {
  const [left, right] = x0 < x1 ? [x0, x1] : [x1, x0];
  const [bottom, top] = y0 < y1 ? [y0, y1] : [y1, y0];
  return points.filter((p) => p.x >= left && p.x <= right && p.y >= bottom && p.y <= top).map((p) => p.id);
}

/** Points with a command stack for undo/redo; no DOM here, so that it is easy to test. */
export function usePointEditor() {
  const points = shallowRef<EditorPoint[]>([]);
  const selection = shallowRef(new Set<number>());
  const undoStack = shallowRef<Change[]>([]);
  const redoStack = shallowRef<Change[]>([]);
  const snap = ref(false);
  let nextId = 0;

  const canUndo = computed(() => undoStack.value.length > 0);
  const canRedo = computed(() => redoStack.value.length > 0);
  const selectedPoints = computed(() => points.value.filter((p) => selection.value.has(p.id)));

  function load(initial: EditorPoint[]): void {
    points.value = initial;
    nextId = initial.reduce((max, p) => Math.max(max, p.id + 1), 0);
    selection.value = new Set();
    undoStack.value = [];
    redoStack.value = [];
  }

  /** Replaces `from` by `to` and selects what changed, so that an undone delete comes back selected. */
  function apply(from: EditorPoint[], to: EditorPoint[]): void {
    const gone = new Set(from.map((p) => p.id));
    const kept = points.value.filter((p) => !gone.has(p.id));
    points.value = to.length ? [...kept, ...to].sort((a, b) => a.id - b.id) : kept;
    selection.value = new Set(to.map((p) => p.id));
  }

  function commit(change: Change): void {
    if (!change.before.length && !change.after.length) return;
    apply(change.before, change.after);
    undoStack.value = [...undoStack.value, change].slice(-MAX_UNDO);
    redoStack.value = [];
  }

  function undo(): void {
    const change = undoStack.value.at(-1);
    if (!change) return;
    apply(change.after, change.before);
    undoStack.value = undoStack.value.slice(0, -1);
    redoStack.value = [...redoStack.value, change];
  }

  function redo(): void {
    const change = redoStack.value.at(-1);
    if (!change) return;
    apply(change.before, change.after);
    redoStack.value = redoStack.value.slice(0, -1);
    undoStack.value = [...undoStack.value, change];
  }

  function place(value: number): number {
    return snap.value ? snapToGrid(value) : value;
  }

  function add(x: number, y: number, label: number): void {
    commit({ before: [], after: [{ id: nextId++, x: place(x), y: place(y), label, test: false }] });
  }

  function moveSelection(dx: number, dy: number): void {
    const before = selectedPoints.value;
    commit({ before, after: before.map((p) => ({ ...p, x: place(p.x + dx), y: place(p.y + dy) })) });
  }

  function relabelSelection(label: number): void {
    const before = selectedPoints.value.filter((p) => p.label !== label);
    commit({ before, after: before.map((p) => ({ ...p, label })) });
  }

  function deleteSelection(): void {
    commit({ before: selectedPoints.value, after: [] });
  }

  function select(ids: Iterable<number>, mode: 'replace' | 'add' | 'toggle' = 'replace'): void {
    const next = mode === 'replace' ? new Set<number>() : new Set(selection.value);
    for (const id of ids) {
      if (mode === 'toggle' && next.has(id)) next.delete(id);
      else next.add(id);
    }
    selection.value = next;
  }

  function selectAll(): void {
    select(points.value.map((p) => p.id));
  }

  return { points, selection, selectedPoints, snap, canUndo, canRedo, load, add, moveSelection, relabelSelection, deleteSelection, select, selectAll, undo, redo };
}

export type PointEditor = ReturnType<typeof usePointEditor>;
