/**
 * Pacing (spec §6.4, §6.5): chatapp schedules each message's hand-over so the platform's limits
 * are never hit — a number's throughput (80 messages a second, 1,000 at the HIGH level) and the
 * pair rate to one user (one every 6 seconds, bursts of up to 45). Both are a generic cell rate
 * algorithm: each key keeps a theoretical arrival time (TAT), which one SQL upsert advances
 * atomically (`store.ts: reserveSlot`); the message may go at `slotFor(...)`.
 */
export interface Rate {
  /** Time per message at the sustained rate. */
  readonly intervalMs: number;
  /** Messages that may go at once. */
  readonly burst: number;
}

export const PAIR_RATE: Rate = { intervalMs: 6_000, burst: 45 };

export const throughputRate = (level: string): Rate => (level === 'HIGH' ? { intervalMs: 1, burst: 1_000 } : { intervalMs: 12.5, burst: 80 });

const tolerance = (rate: Rate): number => (rate.burst - 1) * rate.intervalMs;

/**
 * How late a hand-over may reach the platform (its job's claim, the dispatch) and still not be early
 * by the platform's own count, which starts from when hand-overs arrive: chatapp keeps its schedule
 * this far inside the platform's tolerance. Without it, a schedule at the edge of a burst meets
 * refusals (130429) whenever dispatch runs a few milliseconds behind, and each costs a retry.
 */
export const DISPATCH_HEADROOM_MS = 250;

/**
 * When a message that arrived at `arrival` may go, given the key's TAT after reserving its slot;
 * `headroomMs` narrows the burst's tolerance (chatapp's schedule), the platform checks with none.
 */
export const slotFor = (arrival: number, newTat: number, rate: Rate, headroomMs = 0): number =>
  Math.max(arrival, newTat - rate.intervalMs - Math.max(0, tolerance(rate) - headroomMs));

/** The TAT after a message arriving at `arrival` (what the upsert computes in SQL). */
export const nextTat = (oldTat: number | undefined, arrival: number, rate: Rate): number => Math.max(oldTat ?? arrival, arrival) + rate.intervalMs;

/** How long a number's schedule may run ahead of now before sends are refused with 130429. */
export const DEFAULT_BACKLOG_MS = 3_600_000;
