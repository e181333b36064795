import type { Kysely } from 'kysely';

const columns = [
  'id', 'waba_id', 'name', 'language', 'category', 'parameter_format', 'components', 'message_send_ttl_seconds', 'status', 'rejected_reason',
  'quality_score', 'pause_count', 'paused_until', 'edit_times', 'name_held_until', 'created_at', 'updated_at', 'deleted_at',
] as const;

type Row = Record<(typeof columns)[number], unknown>;

interface Tables {
  sim_templates: Row;
  message_templates: Row;
  jobs: { kind: string; status: string };
}

/**
 * Meta's copy of each template moves to the simulator's own table (issue 14): it reviews, renders,
 * pauses and deletes `sim_templates`, and chatapp's `message_templates` becomes a mirror fed by the
 * port and the sink. Existing templates are copied with their ids, so the ids businesses hold and
 * the jobs queued for them keep naming the same templates.
 *
 * Two kinds of chatapp job were Meta's work and move with it, their payload (`{templateId}`)
 * unchanged: `template.submit` (handing a template to review) becomes the review itself,
 * `sim.template_review`, due when the hand-over was, so a template pending at the upgrade is decided
 * on the first start rather than never; `template.finish_deletion` becomes the simulator's end of a
 * deletion, `sim.template_finish_deletion`, still due 30 days after it began. Doing it here, once,
 * keeps the simulator from scanning its templates on every start; dead jobs stay dead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<Tables>;
  await k.schema
    .createTable('sim_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('parameter_format', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('message_send_ttl_seconds', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rejected_reason', 'text')
    .addColumn('quality_score', 'text', (c) => c.notNull())
    .addColumn('pause_count', 'integer', (c) => c.notNull())
    .addColumn('paused_until', 'bigint')
    .addColumn('edit_times', 'text', (c) => c.notNull())
    .addColumn('name_held_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await k.schema.createIndex('sim_templates_name').on('sim_templates').columns(['waba_id', 'name', 'language']).execute();
  await k.schema.createIndex('sim_templates_created').on('sim_templates').columns(['waba_id', 'created_at']).execute();

  await k.insertInto('sim_templates').columns([...columns]).expression(k.selectFrom('message_templates').select([...columns])).execute();

  await k.updateTable('jobs').set({ kind: 'sim.template_review' }).where('kind', '=', 'template.submit').where('status', '!=', 'dead').execute();
  await k.updateTable('jobs').set({ kind: 'sim.template_finish_deletion' }).where('kind', '=', 'template.finish_deletion').where('status', '!=', 'dead').execute();
}
