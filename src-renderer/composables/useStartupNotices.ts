import { computed, ref } from 'vue';
import { useAppStore } from '../stores/app';

const DISMISSED_KEY = 'relulab.dismissedNotices';

function readDismissed(): string[] {
  try {
    const value: unknown = JSON.parse(window.sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

// Session storage: a reload of the page keeps a notice dismissed, the next start of the app
// (a new desktop window, a new `serve` on a new port) shows what that start had to say.
const dismissed = ref<string[]>(readDismissed());

/** What the host said when it started (a damaged database moved aside, interrupted runs): shown until dismissed. */
export function useStartupNotices() {
  const app = useAppStore();

  const notices = computed(() => (app.info?.notices ?? []).filter((notice) => !dismissed.value.includes(notice)));

  function dismissAll(): void {
    dismissed.value = [...dismissed.value, ...notices.value];
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(dismissed.value));
    } catch {
      // Shown again after a reload; harmless.
    }
  }

  return { notices, dismissAll };
}
