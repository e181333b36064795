import type { BusinessId } from '../core/brand.js';
import type { Executor } from '../store/database.js';

/*
 * What the inbox reads about a customer from messaging's rows (read only): the ad that brought them
 * and whether they stopped marketing messages. Both are found by a text match on the JSON columns,
 * within one business's messages with one customer on the numbers they wrote to (the `messages_chat`
 * index, business → number → customer, narrows it first).
 */

/** The chats to look in: the customer on each business number they have a conversation with. */
export interface CustomerChats {
  readonly businessId: BusinessId;
  readonly waId: string;
  readonly phoneNumberIds: readonly string[];
}

export interface ReferralFact {
  readonly messageId: string;
  readonly phoneNumberId: string;
  readonly at: number;
  /** The inbound message's `referral` as Meta sent it (spec §4.4). */
  readonly referral: Record<string, unknown>;
}

/** The customer's latest message that came from a Click-to-WhatsApp ad or a post (`referral`), on any number of the business. */
export async function latestReferral(db: Executor, input: CustomerChats): Promise<ReferralFact | undefined> {
  if (input.phoneNumberIds.length === 0) return undefined;
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'phone_number_id', 'content', 'created_at'])
    .where('business_id', '=', input.businessId)
    .where('phone_number_id', 'in', [...input.phoneNumberIds])
    .where('wa_id', '=', input.waId)
    .where('direction', '=', 'in')
    .where('content', 'like', '%"referral":{%')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(5)
    .execute();
  for (const row of rows) {
    const referral = (JSON.parse(row.content) as { referral?: unknown }).referral;
    if (typeof referral === 'object' && referral !== null && !Array.isArray(referral)) {
      return { messageId: row.id, phoneNumberId: row.phone_number_id, at: Number(row.created_at), referral: referral as Record<string, unknown> };
    }
  }
  return undefined;
}

/**
 * The latest business message to the customer that Meta failed with 131050 (the user stopped
 * marketing messages from this business, spec §6). Meta's `user_preferences` webhook says the same
 * and its `resume`, but chatapp does not ingest that field yet, so a failure is all the inbox knows.
 */
export async function latestMarketingStop(db: Executor, input: CustomerChats): Promise<{ messageId: string; at: number } | undefined> {
  if (input.phoneNumberIds.length === 0) return undefined;
  const row = await db
    .selectFrom('messages')
    .select(['id', 'updated_at'])
    .where('business_id', '=', input.businessId)
    .where('phone_number_id', 'in', [...input.phoneNumberIds])
    .where('wa_id', '=', input.waId)
    .where('direction', '=', 'out')
    .where('status', '=', 'failed')
    .where('errors', 'like', '%"code":131050%')
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { messageId: row.id, at: Number(row.updated_at) };
}
