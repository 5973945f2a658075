import { onBeforeUnmount, onMounted, shallowReactive } from 'vue';

/** True when the key press is going into a text field, where "/" and Delete mean typing. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'file'].includes(target.type);
}

export interface ShortcutOptions {
  /** Also fire while a text field has the focus (Escape and Ctrl+Enter do; "/" does not). */
  whileTyping?: boolean;
  /** Needs Ctrl (or ⌘ on a Mac) held down; without it the key fires only when neither is. */
  withModifier?: boolean;
  /** Listed in the keyboard help ("?") while the shortcut is active. */
  description?: string;
  /** The shell's own keys ("c", "?"): asked only after every page's, whenever they mounted. */
  global?: boolean;
}

export interface ActiveShortcut {
  id: number;
  key: string;
  withModifier: boolean;
  whileTyping: boolean;
  description: string | null;
  global: boolean;
  handler: (event: KeyboardEvent) => boolean | void;
}

/**
 * Every shortcut of the mounted components, oldest first. One window listener serves them all:
 * page shortcuts before global ones, newest first, so that a page's own use of a key wins.
 */
export const activeShortcuts = shallowReactive<ActiveShortcut[]>([]);
let nextId = 1;
let listening = false;

function dispatch(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.altKey || event.isComposing) return;
  const modifier = event.ctrlKey || event.metaKey;
  const newestFirst = [...activeShortcuts].reverse();
  for (const shortcut of [...newestFirst.filter((entry) => !entry.global), ...newestFirst.filter((entry) => entry.global)]) {
    if (shortcut.key !== event.key || shortcut.withModifier !== modifier) continue;
    if (!shortcut.whileTyping && isTyping(event.target)) continue;
    if (shortcut.handler(event) === false) continue;
    event.preventDefault();
    return;
  }
}

/** "Ctrl/⌘ + Enter", "Esc", "c": how the help names a key. */
export function shortcutLabel(shortcut: Pick<ActiveShortcut, 'key' | 'withModifier'>): string {
  const key = shortcut.key === 'Escape' ? 'Esc' : shortcut.key;
  return shortcut.withModifier ? `Ctrl/⌘ + ${key}` : key;
}

/**
 * A page-wide key, active while the component that asked for it is mounted. The handler
 * returns false to leave the key to the browser (for instance when there is nothing to close),
 * and then an older shortcut on the same key gets its turn.
 */
export function useShortcut(key: string, handler: (event: KeyboardEvent) => boolean | void, options: ShortcutOptions = {}): void {
  const shortcut: ActiveShortcut = {
    id: nextId++,
    key,
    withModifier: options.withModifier ?? false,
    whileTyping: options.whileTyping ?? false,
    description: options.description ?? null,
    global: options.global ?? false,
    handler,
  };
  onMounted(() => {
    if (!listening) {
      window.addEventListener('keydown', dispatch);
      listening = true;
    }
    activeShortcuts.push(shortcut);
  });
  onBeforeUnmount(() => {
    const index = activeShortcuts.findIndex((entry) => entry.id === shortcut.id);
    if (index >= 0) activeShortcuts.splice(index, 1);
  });
}
