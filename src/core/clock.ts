/**
 * The one source of time. Nothing else reads the wall clock (DESIGN.md, Invariants), so the
 * sandbox can advance time and a 24-hour window or a 7-day retry schedule is testable in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, on this clock. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that runs with real time plus an offset the sandbox can only move forward. */
export class SandboxClock implements Clock {
  #offsetMs: number;
  readonly #base: Clock;

  constructor(options: { offsetMs?: number; base?: Clock } = {}) {
    this.#offsetMs = options.offsetMs ?? 0;
    this.#base = options.base ?? systemClock;
  }

  now(): number {
    return this.#base.now() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the sandbox clock only moves forward');
    this.#offsetMs += ms;
    return this.now();
  }
}

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);
