/**
 * A template's quality as Meta rates it, and what reaching RED does to it (spec §3.4). One rule on
 * both sides of the seam: the simulator applies it, chatapp shows where a template stands with it.
 */
export type QualityScore = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** A template that reaches RED quality is paused 3 hours the first time, 6 the second (spec §3.4). */
export const PAUSE_DURATIONS_MS = { FIRST_PAUSE: 3 * 3600 * 1000, SECOND_PAUSE: 6 * 3600 * 1000 } as const;

export type PauseStep = { status: 'PAUSED'; title: 'FIRST_PAUSE' | 'SECOND_PAUSE'; durationMs: number } | { status: 'DISABLED' };

/** What reaching RED does to an approved template that has been paused `pauseCount` times before. */
export function pauseStep(pauseCount: number): PauseStep {
  if (pauseCount === 0) return { status: 'PAUSED', title: 'FIRST_PAUSE', durationMs: PAUSE_DURATIONS_MS.FIRST_PAUSE };
  if (pauseCount === 1) return { status: 'PAUSED', title: 'SECOND_PAUSE', durationMs: PAUSE_DURATIONS_MS.SECOND_PAUSE };
  return { status: 'DISABLED' };
}
