import { ref } from 'vue';

export interface DocumentedShortcut {
  key: string;
  withModifier: boolean;
  description: string;
  where: string;
}

/**
 * The app's own shortcuts, registered from here and listed in the "?" overlay from here, so the
 * two cannot drift apart. Pages may register more with a description; the overlay lists those too.
 */
export const appShortcuts = {
  help: { key: '?', withModifier: false, description: 'Show or hide this list', where: 'Everywhere' },
  compare: { key: 'c', withModifier: false, description: 'Open Compare (your selection of runs)', where: 'Everywhere' },
  startRun: { key: 'Enter', withModifier: true, description: 'Start the run', where: 'Experiment page' },
  cancelRun: { key: 'Escape', withModifier: false, description: 'Cancel the run in progress (asks first)', where: 'A run’s page' },
  // Registered by the History page itself (HistoryView), with this description.
  search: { key: '/', withModifier: false, description: 'Search the history', where: 'History' },
} satisfies Record<string, DocumentedShortcut>;

// One overlay for the whole app: the "?" key, the top-bar button and the overlay itself share it.
const open = ref(false);

export function useShortcutsHelp() {
  return {
    open,
    show: () => (open.value = true),
    hide: () => (open.value = false),
    toggle: () => (open.value = !open.value),
  };
}
