import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { invalidParameter } from '../core/graph-errors.js';
import type { NumbersService } from '../numbers/service.js';
import type { Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import type { Upstream, UpstreamChange } from '../upstream/types.js';
import type { WebhooksService } from '../webhooks/service.js';
import * as sql from './store.js';

export interface VerificationView {
  status: 'not_verified' | 'pending' | 'verified' | 'rejected';
  legal_name?: string;
  address?: string;
  website?: string;
  documents?: { kind: string; name: string }[];
  rejection_reason?: string;
  submitted_time?: number;
  decided_time?: number;
}

const DOCUMENT_KINDS = ['business_license', 'certificate_of_incorporation', 'tax_registration', 'utility_bill', 'bank_statement'] as const;

/**
 * Business verification (issue 5): a business submits its legal name, address, website and
 * documents; Meta's side reviews them on its clock. Verification raises the caps that read
 * `verificationStatus` (templates, registered numbers) and opens the 2K messaging-limit path, whose
 * `business_capability_update` lands here too: every number of the portfolio shows the new tier.
 */
export class BusinessVerification {
  constructor(
    private readonly o: { store: Store; clock: Clock; committer: GroupCommitter; numbers: NumbersService; webhooks: WebhooksService; upstream: Pick<Upstream, 'requestVerification'> },
  ) {}

  async submit(businessId: BusinessId, body: Record<string, unknown>): Promise<VerificationView> {
    const text = (field: string, max: number): string => {
      const value = typeof body[field] === 'string' ? (body[field] as string).trim() : '';
      if (!value || value.length > max) throw invalidParameter(`${field} is required, at most ${max} characters`);
      return value;
    };
    const legalName = text('legal_name', 200);
    const address = text('address', 500);
    const website = text('website', 500);
    if (!/^https?:\/\/\S+$/.test(website)) throw invalidParameter('website must be an http(s) URL');
    const documents = body.documents;
    if (!Array.isArray(documents) || documents.length === 0 || documents.length > 5) throw invalidParameter('documents: give 1 to 5 documents, each {kind, name}');
    for (const [i, d] of documents.entries()) {
      const doc = d as { kind?: unknown; name?: unknown };
      if (!(DOCUMENT_KINDS as readonly unknown[]).includes(doc.kind)) throw invalidParameter(`documents[${i}].kind must be one of ${DOCUMENT_KINDS.join(', ')}`);
      if (typeof doc.name !== 'string' || !doc.name.trim()) throw invalidParameter(`documents[${i}].name is required`);
    }
    const now = this.o.clock.now();
    const outcome = await this.o.store.transaction((trx) =>
      sql.submitVerification(trx, businessId, {
        legal_name: legalName,
        address,
        website,
        documents: JSON.stringify(documents.map((d: { kind: string; name: string }) => ({ kind: d.kind, name: d.name.trim() }))),
        status: 'pending',
        rejection_reason: null,
        submitted_at: now,
        decided_at: null,
      }),
    );
    if (outcome === 'pending') throw invalidParameter('A verification is already under review');
    if (outcome === 'verified') throw invalidParameter('The business is already verified');
    await this.o.upstream.requestVerification(businessId, { legalName });
    return this.view(businessId);
  }

  async view(businessId: BusinessId): Promise<VerificationView> {
    const { status, submission: row } = await sql.findVerification(this.o.store.db, businessId);
    return {
      status: status as VerificationView['status'],
      ...(row
        ? {
            legal_name: row.legal_name,
            address: row.address,
            website: row.website,
            documents: JSON.parse(row.documents) as { kind: string; name: string }[],
            ...(row.rejection_reason ? { rejection_reason: row.rejection_reason } : {}),
            submitted_time: Math.floor(row.submitted_at / 1000),
            ...(row.decided_at !== null ? { decided_time: Math.floor(row.decided_at / 1000) } : {}),
          }
        : {}),
    };
  }

  /** Meta's side decided on a verification (an `account_update` that chatapp applies and does not forward). */
  async applyDecision(change: UpstreamChange): Promise<void> {
    const waba = await this.o.numbers.platformWaba(change.wabaId);
    const status = change.value.business_verification_status;
    if (!waba || (status !== 'verified' && status !== 'rejected')) return;
    const reason = typeof change.value.rejection_reason === 'string' ? change.value.rejection_reason : null;
    await sql.decideVerification(this.o.store.db, waba.businessId, { status, reason, now: this.o.clock.now() });
  }

  /** A new messaging limit for the portfolio: shown on every number, posted to the business. */
  async applyCapability(change: UpstreamChange): Promise<void> {
    const waba = await this.o.numbers.platformWaba(change.wabaId);
    const tier = change.value.max_daily_conversations_per_business;
    if (!waba || typeof tier !== 'string') return;
    await this.o.numbers.setMessagingTier(waba.businessId, tier);
    const routes = await this.o.webhooks.routesFor(waba.businessId, waba.id);
    await this.o.committer.submit((trx) => this.o.webhooks.publish(trx, { routes, businessId: waba.businessId, wabaId: waba.id, field: change.field, value: change.value }));
  }
}
