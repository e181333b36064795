import { systemClock, type Clock } from '../../src/core/clock.js';

/**
 * Wall time a test can jump forward: its base (real time by default) plus what the test added, as
 * if that much time had passed. Sessions, token expiry and leases run on it, so a test proves a
 * lease runs out after its length without sleeping through it.
 */
export class TestWall implements Clock {
  readonly #base: Clock;
  #addedMs = 0;

  constructor(base: Clock = systemClock) {
    this.#base = base;
  }

  now(): number {
    return this.#base.now() + this.#addedMs;
  }

  advance(ms: number): void {
    this.#addedMs += ms;
  }
}

/**
 * Real time that a test can hold still and let go again: held, it stands where it was; let go, it
 * runs on from there (the time held is never made up). Under the sandbox clock it makes a burst
 * of requests land at one instant, however long the machine takes to answer them.
 */
export class HoldableClock implements Clock {
  #heldAt: number | undefined;
  #lostMs = 0;

  now(): number {
    return this.#heldAt ?? Date.now() - this.#lostMs;
  }

  hold(): void {
    this.#heldAt ??= this.now();
  }

  release(): void {
    if (this.#heldAt === undefined) return;
    this.#lostMs = Date.now() - this.#heldAt;
    this.#heldAt = undefined;
  }
}
