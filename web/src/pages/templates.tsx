import { api } from '../api.ts';
import { Badge, Button, Card, Notice, PageHeader } from '../components/ui.tsx';
import { usePolling } from '../hooks.ts';
import { setQuery, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { Overview } from '../types.ts';
import { TemplateDetail } from './templates/detail.tsx';
import { TemplateEditor } from './templates/editor.tsx';
import { templatesApi } from './templates/api.ts';
import type { TemplateView } from './templates/model.ts';
import { qualityTone, qualityWords, statusTone } from './templates/status.ts';

/**
 * The template studio: a WABA's templates with where each stands, a form for every component with
 * a live preview and the review's findings as you type, submission, history and a test send.
 * Query: `waba`, `id` (the open template), `mode` (`new` or `edit`).
 */
export function TemplatesPage() {
  const session = useSession();
  const { query } = useLocation();
  const overview = usePolling(() => api.get<Overview>('/console/api/wabas'), undefined, []);
  const wabas = overview.data?.wabas ?? [];
  const waba = wabas.find((w) => w.id === query.get('waba')) ?? wabas[0];
  const id = query.get('id') ?? undefined;
  const mode = query.get('mode');

  const templates = usePolling(
    async () => {
      if (!waba) return undefined;
      return templatesApi.list(waba.id);
    },
    2000,
    [waba?.id],
  );
  const open = templates.data?.find((t) => t.id === id);
  const businessName = session.me.business?.name ?? 'Business';

  async function saved(savedId: string) {
    setQuery({ id: savedId, mode: undefined });
    await templates.reload();
  }

  return (
    <>
      <PageHeader title="Template studio">
        {wabas.length > 1 ? (
          <label className="compact">
            WABA{' '}
            <select value={waba?.id ?? ''} onChange={(e) => setQuery({ waba: e.target.value, id: undefined, mode: undefined })}>
              {wabas.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
        ) : waba ? (
          <Badge>{waba.name}</Badge>
        ) : null}
      </PageHeader>
      {overview.error ? <Notice tone="bad">Could not load the accounts: {overview.error}</Notice> : null}
      {overview.data && wabas.length === 0 ? <Notice>No WhatsApp Business Account yet: templates belong to one.</Notice> : null}
      {waba ? (
        <>
          {templates.error ? <Notice tone="bad">Could not load the templates: {templates.error}</Notice> : null}
          {mode === 'new' || (mode === 'edit' && open) ? (
            <TemplateEditor
              key={mode === 'edit' ? open?.id : 'new'}
              wabaId={waba.id}
              businessName={businessName}
              {...(mode === 'edit' && open ? { editing: open } : {})}
              onSaved={(savedId) => void saved(savedId)}
              onCancel={() => setQuery({ mode: undefined })}
            />
          ) : open ? (
            <TemplateDetail
              key={open.id}
              template={open}
              businessName={businessName}
              sandbox={session.sandbox}
              numbers={waba.phone_numbers}
              onEdit={() => setQuery({ mode: 'edit' })}
              onChanged={() => void templates.reload()}
              onClose={() => setQuery({ id: undefined })}
            />
          ) : null}
          <TemplateList templates={templates.data} selected={id} onNew={() => setQuery({ mode: 'new', id: undefined })} />
        </>
      ) : null}
    </>
  );
}

function TemplateList({ templates, selected, onNew }: { templates: TemplateView[] | undefined; selected: string | undefined; onNew: () => void }) {
  return (
    <Card title="Templates" actions={<Button onClick={onNew}>New template</Button>}>
      {templates === undefined ? <p className="muted">Loading…</p> : null}
      {templates && templates.length === 0 ? <p className="muted">No templates yet.</p> : null}
      {templates && templates.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Templates">
            <thead>
              <tr>
                <th>Name</th>
                <th>Language</th>
                <th>Category</th>
                <th>Status</th>
                <th>Quality</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => {
                const quality = t.quality_score?.score ?? 'UNKNOWN';
                return (
                  <tr key={t.id} className={`clickable${t.id === selected ? ' selected' : ''}`} onClick={() => setQuery({ id: t.id, mode: undefined })} data-testid={`template-row-${t.name}`}>
                    <td>
                      <strong>{t.name}</strong>
                    </td>
                    <td>{t.language}</td>
                    <td>
                      {t.category}
                      {t.previous_category ? <span className="small muted"> (was {t.previous_category})</span> : null}
                    </td>
                    <td>
                      <Badge tone={statusTone(t.status)}>{t.status}</Badge>
                      {t.status === 'PAUSED' ? <span className="small"> paused</span> : null}
                    </td>
                    <td>
                      <Badge tone={qualityTone[quality] ?? 'muted'}>{qualityWords[quality] ?? quality}</Badge>
                    </td>
                    <td className="small">{t.rejection_info ? `${t.rejected_reason}: ${t.rejection_info.reason}` : t.rejected_reason && t.rejected_reason !== 'NONE' ? t.rejected_reason : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
