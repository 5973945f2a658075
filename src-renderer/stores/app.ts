import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { client } from '../api/client';
import type { AppInfo, SolverCheck } from '../../shared/contracts/app';
import { ServiceError, type ServiceErrorCode } from '../../shared/contracts/errors';

export interface Notice {
  id: number;
  /** What the user was trying to do, e.g. "Could not start the run". */
  title: string;
  message: string;
  /** What to do next. */
  hint: string;
}

const hints: Record<ServiceErrorCode, string> = {
  'invalid-input': 'Correct the values named above and try again.',
  'not-found': 'It may have been deleted: reload the list and pick it again.',
  conflict: 'Something changed meanwhile: reload and try again.',
  unavailable: 'Check that ReLU Lab is still running (the terminal running `npm run serve`), then reload the page.',
  internal: 'This is a bug in ReLU Lab. Try again; if it persists, report it with the message above.',
};

const MAX_NOTICES = 4;

export function hintFor(error: unknown): string {
  return error instanceof ServiceError ? hints[error.code] : hints.internal;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const useAppStore = defineStore('app', () => {
  const info = shallowRef<AppInfo | null>(null);
  const solver = shallowRef<SolverCheck | null>(null);
  const solverPending = ref(false);
  const notices = ref<Notice[]>([]);
  let nextNoticeId = 1;

  function report(title: string, error: unknown, hint = hintFor(error)): void {
    const message = messageOf(error);
    // A failure that repeats (say, every refresh while the host is down) is worth one message.
    if (notices.value.some((notice) => notice.title === title && notice.message === message)) return;
    const notice: Notice = { id: nextNoticeId++, title, message, hint };
    notices.value = [...notices.value, notice].slice(-MAX_NOTICES);
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((notice) => notice.id !== id);
  }

  async function loadInfo(): Promise<void> {
    try {
      info.value = await client.api.app.info();
    } catch (error) {
      report('Could not reach the ReLU Lab services', error);
    }
  }

  async function checkSolver(): Promise<void> {
    solverPending.value = true;
    try {
      solver.value = await client.api.app.checkSolver();
    } catch (error) {
      solver.value = { ok: false, solver: 'HiGHS', objective: null, ms: 0, message: messageOf(error) };
    } finally {
      solverPending.value = false;
    }
  }

  async function init(): Promise<void> {
    await loadInfo();
    // The solver check spins up a worker; it must not hold back the first screen.
    void checkSolver();
  }

  return { info, solver, solverPending, notices, report, dismiss, init, checkSolver };
});
