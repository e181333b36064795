import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../../api.ts';

/**
 * The platform's clock as seconds, ticking once a second. Windows close on the platform's clock,
 * which in the sandbox is the simulator's and can jump a day ahead: the offset to it is asked for
 * every few seconds, so a countdown reads "closed" right after someone advances it.
 */
let offsetMs = 0;
let current = nowSeconds();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function nowSeconds(): number {
  return Math.floor((Date.now() + offsetMs) / 1000);
}

function refresh(): void {
  const next = nowSeconds();
  if (next === current) return;
  current = next;
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(refresh, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The platform's now in unix seconds, re-rendering every second. */
export function usePlatformNow(): number {
  return useSyncExternalStore(subscribe, () => current);
}

export const platformNow = (): number => current;

/** Keeps the offset to the sandbox clock while mounted (a real platform runs on wall time: offset 0). */
export function useSandboxClockSync(sandbox: boolean, everyMs = 2000): void {
  useEffect(() => {
    if (!sandbox) return;
    let stopped = false;
    const sync = async () => {
      try {
        const asked = Date.now();
        const { now } = await api.get<{ now: number }>('/simulator/clock');
        // The simulator answers whole seconds: aim at the middle of the second it named.
        if (!stopped) offsetMs = now * 1000 + 500 - (asked + Date.now()) / 2;
        refresh();
      } catch {
        /* keep the last offset; the phone screen shows the clock's own errors */
      }
    };
    void sync();
    const id = setInterval(() => document.visibilityState === 'visible' && void sync(), everyMs);
    return () => {
      stopped = true;
      clearInterval(id);
    };
  }, [sandbox, everyMs]);
}

/** `hh:mm left` of a customer service window, red under an hour; "closed" when it has closed. */
export function WindowCountdown({ expiresAt, long }: { expiresAt: number | null; long?: boolean }) {
  const now = usePlatformNow();
  const left = expiresAt === null ? 0 : expiresAt - now;
  if (left <= 0) {
    return (
      <span className="window window-closed" data-testid="window" title="The 24-hour customer service window is closed: only approved templates reach the customer">
        {long ? 'Window closed · templates only' : 'closed'}
      </span>
    );
  }
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const text = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')} left`;
  return (
    <span className={`window${left < 3600 ? ' window-urgent' : ''}`} data-testid="window" title={`The customer service window closes ${new Date(expiresAt! * 1000).toLocaleString()}`}>
      ◷ {text}
    </span>
  );
}
