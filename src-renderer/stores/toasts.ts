import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface ToastAction {
  label: string;
  testid: string;
  run: () => Promise<unknown> | void;
}

export interface Toast {
  id: number;
  message: string;
  action: ToastAction | null;
}

// Long enough to notice a mistake and reach the button; short enough not to pile up.
const TOAST_MS = 10_000;
const MAX_TOASTS = 3;

/**
 * Short confirmations at the bottom of the window, most with one action (Undo). The actions
 * are closures over store methods, so the stores keep owning every API call.
 */
export const useToastsStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;

  function dismiss(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  function show(message: string, action: ToastAction | null = null): void {
    const toast: Toast = { id: nextId++, message, action };
    const kept = toasts.value.slice(-(MAX_TOASTS - 1));
    for (const dropped of toasts.value.filter((old) => !kept.includes(old))) dismiss(dropped.id);
    toasts.value = [...kept, toast];
    timers.set(toast.id, setTimeout(() => dismiss(toast.id), TOAST_MS));
  }

  /** "Deleted X. Undo": the undo runs at most once, and its toast goes away when clicked. */
  function offerUndo(message: string, undo: () => Promise<unknown>): void {
    show(message, { label: 'Undo', testid: 'undo-button', run: undo });
  }

  async function act(toast: Toast): Promise<void> {
    dismiss(toast.id);
    await toast.action?.run();
  }

  return { toasts, show, offerUndo, dismiss, act };
});
