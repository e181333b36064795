import type { Tone } from '../../components/ui.tsx';

/** How the numbers screen puts Meta's values into words (spec §6.3, §6.4, §6.6, §8.1). */

export const statusTone = (status: string): Tone =>
  status === 'CONNECTED' ? 'good' : status === 'FLAGGED' ? 'warn' : status === 'RESTRICTED' || status === 'BANNED' ? 'bad' : 'muted';

/** A number may send once registered; RESTRICTED ones only answer users who write. */
export const registered = (status: string): boolean => status === 'CONNECTED' || status === 'FLAGGED' || status === 'RESTRICTED';

export const qualityTone: Record<string, Tone> = { GREEN: 'good', YELLOW: 'warn', RED: 'bad' };
export const qualityWords: Record<string, string> = { GREEN: 'High', YELLOW: 'Medium', RED: 'Low', UNKNOWN: 'Not yet rated' };
export const qualityExplained: Record<string, string> = {
  GREEN: 'Users have responded well to your messages over the last 7 days.',
  YELLOW: 'Some users blocked or reported the number lately. Check which messages they got and send only what they asked for.',
  RED: 'Many users blocked or reported the number in the last 7 days. The number is flagged; improve quality within 7 days or it is restricted.',
  UNKNOWN: 'Quality is rated from user feedback (blocks, reports) once the number has sent messages.',
};

export const reviewTone = (status: string): Tone => (status === 'APPROVED' ? 'good' : status === 'REJECTED' || status === 'DECLINED' ? 'bad' : 'warn');

export const nameStatusWords: Record<string, string> = {
  APPROVED: 'Approved',
  PENDING_REVIEW: 'Under review',
  DECLINED: 'Rejected',
  EXPIRED: 'Expired',
  AVAILABLE_WITHOUT_REVIEW: 'Usable without review',
  NONE: 'None',
};

/** Meta sends a reason with each rejection; chatapp keeps the decision, so this is the guideline every rejection cites. */
export const nameRejectionReason =
  'The name does not follow WhatsApp’s display name guidelines: it must relate to the business (its name or brand), use letters, and not be a generic word or a person’s name alone.';

/** TIER_2K → "2K"; the limit counts unique customers a business may start conversations with in 24 hours. */
export const tierWords = (tier: string): string => (tier === 'TIER_UNLIMITED' ? 'Unlimited' : tier.replace(/^TIER_/, ''));

export const throughputWords = (t: string | { level?: string }): string => {
  const level = typeof t === 'string' ? t : (t.level ?? 'STANDARD');
  return level === 'HIGH' ? 'High (up to 1,000 messages/s)' : level === 'NOT_APPLICABLE' ? 'Not applicable (not registered)' : 'Standard (up to 80 messages/s)';
};

export const verificationWords: Record<string, string> = { not_verified: 'Not verified', pending: 'Under review', verified: 'Verified', rejected: 'Rejected' };
export const verificationTone: Record<string, Tone> = { verified: 'good', pending: 'warn', rejected: 'bad', not_verified: 'muted' };

export const metaVerifiedWords: Record<string, string> = { not_applied: 'Not applied', pending: 'Under review', granted: 'Granted' };
