import type { QualityScore } from '../../rules/templates/index.js';

/**
 * The simulated platform's template quality rules (spec §3.4: user feedback and read rates drive
 * `quality_score`; RED pauses a template 3 hours, then 6, then disables it). Meta publishes no
 * thresholds; these are chatapp's, deterministic so a sandbox can reach each state on purpose:
 *
 * - RED: at least 3 users blocked or reported the business after the template, and they are at
 *   least 20% of those who received it in the last 7 days.
 * - YELLOW: at least 1 such user and at least 5%, or under 10% of at least 50 deliveries read.
 * - GREEN otherwise, once the template has been sent; UNKNOWN before.
 */
export const QUALITY_WINDOW_MS = 7 * 24 * 3600 * 1000;

export function templateQuality(signals: { sent: number; negative: number; read: number }): QualityScore {
  const { sent, negative, read } = signals;
  if (sent === 0) return 'UNKNOWN';
  const rate = negative / sent;
  if (negative >= 3 && rate >= 0.2) return 'RED';
  if ((negative >= 1 && rate >= 0.05) || (sent >= 50 && read / sent < 0.1)) return 'YELLOW';
  return 'GREEN';
}

// The pause ladder is one rule on both sides: chatapp shows it, the simulator applies it.
export { pauseStep, type PauseStep } from '../../rules/templates/index.js';
