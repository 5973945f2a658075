import { onBeforeUnmount, onMounted } from 'vue';

/** True when the key press is going into a text field, where "/" and Delete mean typing. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'file'].includes(target.type);
}

export interface ShortcutOptions {
  /** Also fire while a text field has the focus (Escape does; "/" does not). */
  whileTyping?: boolean;
}

/**
 * A page-wide key, active while the component that asked for it is mounted. The handler
 * returns false to leave the key to the browser (for instance when there is nothing to close).
 */
export function useShortcut(key: string, handler: (event: KeyboardEvent) => boolean | void, options: ShortcutOptions = {}): void {
  function onKeydown(event: KeyboardEvent): void {
    if (event.key !== key || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!options.whileTyping && isTyping(event.target)) return;
    if (handler(event) === false) return;
    event.preventDefault();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
