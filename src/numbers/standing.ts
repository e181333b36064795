import type { GroupCommitter } from '../store/group-commit.js';
import type { Store } from '../store/database.js';
import type { UpstreamChange } from '../upstream/types.js';
import type { WebhooksService } from '../webhooks/service.js';
import type { PhoneNumber } from './model.js';
import type { NumbersService } from './service.js';
import * as sql from './store.js';

const ratings = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;

/**
 * A number's standing as Meta's side reports it (`phone_number_quality_update`): its quality rating,
 * FLAGGED at RED, RESTRICTED after a week of it, and CONNECTED again when it recovers. Meta's events (FLAGGED, UNFLAGGED) are posted
 * to the business; chatapp's QUALITY_UPDATE only changes what the number shows.
 */
export class NumberStanding {
  constructor(private readonly o: { store: Store; committer: GroupCommitter; numbers: NumbersService; webhooks: WebhooksService }) {}

  /**
   * `account_update` ACCOUNT_RESTRICTION on business-initiated messaging: the WABA's FLAGGED numbers
   * become RESTRICTED (they answer users, start nothing); posted to the business as Meta posts it.
   */
  async applyRestriction(change: UpstreamChange): Promise<void> {
    const waba = await this.o.numbers.platformWaba(change.wabaId);
    if (!waba) return;
    const flagged = (await this.o.numbers.listPhoneNumbers(waba.businessId)).filter((n) => n.wabaId === waba.id && n.status === 'FLAGGED');
    const routes = await this.o.webhooks.routesFor(waba.businessId, waba.id);
    await this.o.committer.submit(async (trx) => {
      for (const n of flagged) await sql.saveStanding(trx, { ...n, status: 'RESTRICTED' });
      await this.o.webhooks.publish(trx, { routes, businessId: waba.businessId, wabaId: waba.id, field: change.field, value: change.value });
    });
    for (const n of flagged) this.o.numbers.forget(n.id);
  }

  async apply(change: UpstreamChange): Promise<void> {
    const { display_phone_number: digits, event, quality_rating: rating } = change.value as { display_phone_number?: string; event?: string; quality_rating?: string };
    const waba = await this.o.numbers.platformWaba(change.wabaId);
    if (!waba) return;
    const number = (await this.o.numbers.listPhoneNumbers(waba.businessId)).find((n) => n.digits === digits && n.wabaId === waba.id);
    if (!number) return;
    let next: PhoneNumber;
    if (event === 'THROUGHPUT_UPGRADE' || event === 'THROUGHPUT_DOWNGRADE') {
      next = { ...number, throughputLevel: event === 'THROUGHPUT_UPGRADE' ? 'HIGH' : 'STANDARD' };
    } else if (event === 'UPGRADE' || event === 'DOWNGRADE') {
      // A messaging-limit change, told per number; the tier itself comes with business_capability_update.
      next = number;
    } else {
      if (!(ratings as readonly (string | undefined)[]).includes(rating)) return;
      const lowered = number.status === 'FLAGGED' || number.status === 'RESTRICTED';
      const status: PhoneNumber['status'] = event === 'FLAGGED' && number.status !== 'RESTRICTED' ? 'FLAGGED' : event === 'UNFLAGGED' && lowered ? 'CONNECTED' : number.status;
      next = { ...number, qualityRating: rating as PhoneNumber['qualityRating'], status };
    }
    const forward = event === 'FLAGGED' || event === 'UNFLAGGED' || event === 'THROUGHPUT_UPGRADE' || event === 'UPGRADE' || event === 'DOWNGRADE';
    const routes = forward ? await this.o.webhooks.routesFor(waba.businessId, waba.id, number.id) : undefined;
    await this.o.committer.submit(async (trx) => {
      if (!(await sql.saveStanding(trx, next))) return;
      if (routes) {
        const { quality_rating: _internal, ...value } = change.value;
        await this.o.webhooks.publish(trx, { routes, businessId: waba.businessId, wabaId: waba.id, phoneNumberId: number.id, field: change.field, value });
      }
    });
    this.o.numbers.forget(number.id);
  }
}
