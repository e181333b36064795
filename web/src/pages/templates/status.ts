import type { Tone } from '../../components/ui.tsx';

export const statusTone = (status: string): Tone =>
  status === 'APPROVED' ? 'good' : status === 'PENDING' ? 'info' : status === 'PAUSED' ? 'warn' : status === 'REJECTED' || status === 'DISABLED' ? 'bad' : 'muted';

export const qualityTone: Record<string, Tone> = { GREEN: 'good', YELLOW: 'warn', RED: 'bad' };
export const qualityWords: Record<string, string> = { GREEN: 'High', YELLOW: 'Medium', RED: 'Low', UNKNOWN: 'Not yet rated' };

/** What each status means for sending, in words (spec §3.4). */
export const statusAdvice: Record<string, string> = {
  PENDING: 'In review: it cannot be sent yet. The simulated reviewer decides within seconds of sandbox time.',
  APPROVED: 'Approved: it can be sent, also outside the 24-hour window.',
  REJECTED: 'Rejected: fix what the reason says and submit the changes for another review.',
  PAUSED: 'Paused for low quality: sends fail with 132015 until it is unpaused (on the clock, or now with Unpause).',
  DISABLED: 'Disabled after repeated pauses: sends fail with 132016. Create a new template.',
  PENDING_DELETION: 'Being deleted: it waits for its messages on their way and can no longer be sent.',
};
