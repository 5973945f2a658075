import { readonly, ref } from 'vue';
import { readStored, writeStored } from '../dom/storage';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}

function systemTheme(): Theme {
  return window.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light';
}

/** null until the user picks one: until then the app follows the system setting, even as it changes. */
const chosen = ref<Theme | null>(readStored<Theme | null>(STORAGE_KEY, (value): value is Theme | null => isTheme(value), null));
const current = ref<Theme>(chosen.value ?? systemTheme());

function apply(theme: Theme): void {
  // The attribute first: charts read the CSS variables when the change below makes them redraw.
  document.documentElement.dataset.theme = theme;
  current.value = theme;
}

/**
 * Called once before the app mounts, so that the first paint already has the right colours
 * (there is no inline script to do it earlier: the CSP forbids one).
 */
export function installTheme(): void {
  apply(current.value);
  window.matchMedia?.(DARK_QUERY).addEventListener('change', () => {
    if (chosen.value === null) apply(systemTheme());
  });
}

/** The theme in effect; charts watch it to redraw in the new colours. */
export const activeTheme = readonly(current);

export function useTheme() {
  function setTheme(theme: Theme): void {
    chosen.value = theme;
    writeStored(STORAGE_KEY, theme);
    apply(theme);
  }

  function toggle(): void {
    setTheme(current.value === 'dark' ? 'light' : 'dark');
  }

  return { theme: activeTheme, setTheme, toggle };
}
