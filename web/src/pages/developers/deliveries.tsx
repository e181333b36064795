import { Fragment, useState } from 'react';
import { api, messageOf } from '../../api.ts';
import { Badge, Button, Card, formatTime, Notice, type Tone } from '../../components/ui.tsx';
import { usePolling } from '../../hooks.ts';
import type { WebhookAttemptView, WebhookEventView } from '../../types.ts';

const statusTone: Record<WebhookEventView['status'], Tone> = { delivered: 'good', pending: 'warn', dead: 'bad' };
type Filter = '' | WebhookEventView['status'];

/** The webhook delivery log, newest first, live; each event opens to its body and attempts and can be sent again. */
export function DeliveriesSection() {
  const [filter, setFilter] = useState<Filter>('');
  const [openId, setOpenId] = useState<string>();
  const events = usePolling(() => api.get<{ data: WebhookEventView[] }>(`/console/api/webhooks/events?limit=50${filter ? `&status=${filter}` : ''}`).then((r) => r.data), 5000, [filter]);
  return (
    <Card
      title="Webhook deliveries"
      actions={
        <label className="compact">
          Show{' '}
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="">all</option>
            <option value="pending">pending</option>
            <option value="delivered">delivered</option>
            <option value="dead">dead</option>
          </select>
        </label>
      }
    >
      {events.error ? <Notice tone="bad">{events.error}</Notice> : null}
      {events.data && events.data.length === 0 ? <p className="muted">No webhook events yet. Set a webhook URL above, then write from the phone simulator.</p> : null}
      {events.data && events.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Created</th>
                <th>Field</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last answer</th>
                <th>URL</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((e) => (
                <Fragment key={e.id}>
                  <tr className="clickable" onClick={() => setOpenId(openId === e.id ? undefined : e.id)} aria-expanded={openId === e.id}>
                    <td>{formatTime(e.created_time)}</td>
                    <td>{e.field}</td>
                    <td>
                      <Badge tone={statusTone[e.status]}>{e.status}</Badge>
                    </td>
                    <td>{e.attempts}</td>
                    <td>{e.last_status_code ?? '—'}</td>
                    <td className="truncate mono">{e.url}</td>
                  </tr>
                  {openId === e.id ? (
                    <tr>
                      <td colSpan={6}>
                        <EventDetail id={e.id} onReplayed={() => void events.reload()} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}

function EventDetail({ id, onReplayed }: { id: string; onReplayed: () => void }) {
  const detail = usePolling(() => api.get<WebhookEventView & { body: unknown; attempts: WebhookAttemptView[] }>(`/console/api/webhooks/events/${id}`), 5000, [id]);
  const [note, setNote] = useState<{ tone: Tone; text: string }>();
  async function replay() {
    try {
      await api.post(`/console/api/webhooks/events/${id}/replay`);
      setNote({ tone: 'good', text: 'Queued for delivery again.' });
      onReplayed();
      void detail.reload();
    } catch (e) {
      setNote({ tone: 'bad', text: messageOf(e) });
    }
  }
  if (detail.error) return <Notice tone="bad">{detail.error}</Notice>;
  if (!detail.data) return <p className="muted">Loading…</p>;
  return (
    <div className="event-detail">
      <div className="event-actions">
        <Button variant="secondary" onClick={() => void replay()}>
          Replay
        </Button>
        {note ? <Notice tone={note.tone}>{note.text}</Notice> : null}
      </div>
      <h3>Attempts</h3>
      {detail.data.attempts.length === 0 ? <p className="muted">No attempt yet.</p> : null}
      {detail.data.next_attempt_time !== null ? <p className="muted">Next attempt {formatTime(detail.data.next_attempt_time)} (sandbox clock).</p> : null}
      <ul className="attempts">
        {detail.data.attempts.map((a, i) => (
          <li key={i}>
            {formatTime(a.attempted_time)} — {a.status_code ? `HTTP ${a.status_code}` : (a.error ?? 'no answer')}
            {a.latency_ms !== null ? ` in ${a.latency_ms} ms` : ''}
            {a.response_excerpt ? <code className="excerpt">{a.response_excerpt}</code> : null}
          </li>
        ))}
      </ul>
      <h3>Body</h3>
      <pre className="json">{JSON.stringify(detail.data.body, null, 2)}</pre>
    </div>
  );
}
