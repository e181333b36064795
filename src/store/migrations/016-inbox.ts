import type { Kysely } from 'kysely';

/**
 * The shared inbox (src/inbox): one conversation per (business number, customer), who sent which
 * message from the console, private notes and their @mentions, contact labels, canned replies and
 * the per-business assignment settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbox_conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('snoozed_until', 'bigint')
    /** The customer's last message: mirrors customer_windows, written in the same transaction, so lists sort by window without a join. */
    .addColumn('last_inbound_at', 'bigint')
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('last_message_id', 'text')
    .addColumn('last_preview', 'text', (c) => c.notNull())
    .addColumn('last_direction', 'text')
    .addColumn('unread_count', 'integer', (c) => c.notNull())
    /** Compare-and-set counter: agents' actions and the message hooks never overwrite each other. */
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('inbox_conversations_chat', ['phone_number_id', 'wa_id'])
    .execute();
  await db.schema.createIndex('inbox_conversations_activity').on('inbox_conversations').columns(['business_id', 'status', 'last_activity_at']).execute();
  await db.schema.createIndex('inbox_conversations_assignee').on('inbox_conversations').columns(['business_id', 'assignee_id', 'last_activity_at']).execute();
  await db.schema.createIndex('inbox_conversations_customer').on('inbox_conversations').columns(['business_id', 'wa_id']).execute();

  await db.schema
    .createTable('inbox_message_authors')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inbox_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbox_notes_timeline').on('inbox_notes').columns(['conversation_id', 'created_at']).execute();

  await db.schema
    .createTable('inbox_mentions')
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_mentions_pk', ['note_id', 'member_id'])
    .execute();
  await db.schema.createIndex('inbox_mentions_member').on('inbox_mentions').columns(['business_id', 'member_id', 'note_id']).execute();

  await db.schema
    .createTable('contact_labels')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_labels_pk', ['business_id', 'wa_id', 'label'])
    .execute();
  await db.schema.createIndex('contact_labels_label').on('contact_labels').columns(['business_id', 'label']).execute();

  await db.schema
    .createTable('canned_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('canned_replies_shortcut', ['business_id', 'shortcut'])
    .execute();

  await db.schema
    .createTable('inbox_settings')
    .addColumn('business_id', 'text', (c) => c.primaryKey())
    .addColumn('auto_assign', 'integer', (c) => c.notNull())
    /** The round robin's place: the member who got the last automatic assignment. */
    .addColumn('last_assigned_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
