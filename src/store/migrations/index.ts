import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './001-foundation.js';
import * as messaging from './002-messaging.js';
import * as simReports from './004-sim-reports.js';
import * as media from './003-media.js';
import * as hotPathIndexes from './005-hot-path-indexes.js';
import * as templates from './006-templates.js';
import * as simTemplateQuality from './007-sim-template-quality.js';
import * as numberLifecycle from './008-number-lifecycle.js';
import * as businessProfiles from './009-business-profiles.js';
import * as verificationAndLimits from './010-verification-and-limits.js';
import * as metaVerified from './011-account-review-and-meta-verified.js';
import * as pacing from './012-pacing.js';
import * as reachByNumber from './013-reach-by-number.js';
import * as resumableUploads from './014-resumable-uploads.js';
import * as billing from './015-billing.js';
import * as inbox from './016-inbox.js';
import * as templateHistory from './017-template-history.js';
import * as webhookOutbox from './021-webhook-outbox.js';
import * as simReceipts from './022-sim-receipts.js';
import * as simReceiptDuePartial from './023-sim-receipt-due-partial.js';
import * as simAccounts from './028-sim-accounts.js';
import * as simUsersPerBusiness from './024-sim-users-per-business.js';
import * as wallClockLeases from './025-wall-clock-leases.js';
import * as simTemplates from './026-sim-templates.js';
import * as simMedia from './027-sim-media.js';
import * as simApps from './029-sim-apps.js';
import * as metaCloud from './030-meta-cloud.js';

/** Every migration, in order. Names sort; never rename or edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-messaging': messaging,
  '003-media': media,
  '004-sim-reports': simReports,
  '005-hot-path-indexes': hotPathIndexes,
  '006-templates': templates,
  '007-sim-template-quality': simTemplateQuality,
  '008-number-lifecycle': numberLifecycle,
  '009-business-profiles': businessProfiles,
  '010-verification-and-limits': verificationAndLimits,
  '011-account-review-and-meta-verified': metaVerified,
  '012-pacing': pacing,
  '013-reach-by-number': reachByNumber,
  '014-resumable-uploads': resumableUploads,
  '015-billing': billing,
  '016-inbox': inbox,
  '017-template-history': templateHistory,
  '021-webhook-outbox': webhookOutbox,
  '022-sim-receipts': simReceipts,
  '023-sim-receipt-due-partial': simReceiptDuePartial,
  '024-sim-users-per-business': simUsersPerBusiness,
  '025-wall-clock-leases': wallClockLeases,
  '026-sim-templates': simTemplates,
  '027-sim-media': simMedia,
  '028-sim-accounts': simAccounts,
  '029-sim-apps': simApps,
  '030-meta-cloud': metaCloud,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
