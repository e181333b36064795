import { SandboxClock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import { jobSignals } from '../../store/queue.js';
import { readSetting, writeSetting } from './store.js';

const KEY = 'sandbox_clock_offset_ms';

/** Restores the sandbox clock's offset, so time advanced before a restart stays advanced. */
export async function loadSandboxClock(store: Store, clock: SandboxClock): Promise<void> {
  const saved = Number((await readSetting(store.db, KEY)) ?? 0);
  if (saved > clock.offsetMs) clock.advance(saved - clock.offsetMs);
}

/** Moves the sandbox clock forward, remembers it, and wakes the workers: jobs due by then run now. */
export async function advanceSandboxClock(store: Store, clock: SandboxClock, seconds: number): Promise<number> {
  const now = clock.advance(seconds * 1000);
  await writeSetting(store.db, KEY, String(clock.offsetMs));
  jobSignals.emit('clock');
  return now;
}
