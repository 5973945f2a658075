import { useRouter } from 'vue-router';
import { useShortcut } from './useShortcut';
import { appShortcuts, useShortcutsHelp } from './useShortcutsHelp';

/** The shell's keys, valid on every page (pages may take the same key for themselves first). */
export function useGlobalShortcuts(): void {
  const router = useRouter();
  const help = useShortcutsHelp();

  useShortcut(appShortcuts.compare.key, () => void router.push('/compare'), { global: true, description: appShortcuts.compare.description });
  useShortcut(appShortcuts.help.key, () => help.toggle(), { global: true, description: appShortcuts.help.description });
}
