import { useEffect, useRef, useState } from 'react';
import { Badge, formatTime } from '../../components/ui.tsx';
import { usePolling } from '../../hooks.ts';
import { templatesApi } from './api.ts';
import type { TemplateView } from './model.ts';
import { countdown, eventSummary, eventTitle, nextPauseWords, rejectedReasons, type PauseStateView, type TemplateEventView } from './reasons.ts';
import { statusTone } from './status.ts';

/**
 * A template's history and pause state from the server, read again whenever the studio's list shows
 * the template changed, with the sandbox clock's offset from this browser's so a pause's countdown
 * runs on the platform's time (which the sandbox can move on).
 */
export function useTemplateHistory(t: TemplateView, sandbox: boolean) {
  const loaded = usePolling(
    async () => {
      const [history, now] = await Promise.all([templatesApi.history(t.id), templatesApi.now(sandbox)]);
      return { ...history, clockOffsetMs: now - Date.now() };
    },
    5000,
    [t.id, sandbox],
  );
  const { reload } = loaded;
  const changed = `${t.status}|${t.category}|${t.quality_score?.score ?? ''}|${t.rejected_reason ?? ''}`;
  const seen = useRef(changed);
  useEffect(() => {
    if (seen.current === changed) return;
    seen.current = changed;
    void reload();
  }, [changed, reload]);
  return loaded;
}

/** The sandbox's time now, in seconds, ticking once a second. */
export function useClock(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (now + offsetMs) / 1000;
}

/** The pause state's line in the template's facts. */
export function PauseFacts({ pause, offsetMs, status }: { pause: PauseStateView | null | undefined; offsetMs: number; status: string }) {
  const now = useClock(offsetMs);
  if (!pause) return <>{status === 'DISABLED' ? 'Disabled after repeated pauses' : '…'}</>;
  const so = `${pause.pause_count} ${pause.pause_count === 1 ? 'pause' : 'pauses'} so far.`;
  if (pause.paused && pause.paused_until !== null) {
    const left = pause.paused_until - now;
    return (
      <span data-testid="pause-state">
        <strong>Paused until {formatTime(pause.paused_until)}</strong>{' '}
        <span data-testid="pause-countdown">{left > 0 ? `(${countdown(left)} left on the sandbox clock)` : '(ending now: the platform unpauses it)'}</span>
        <span className="small muted">
          {' '}
          {so} {nextPauseWords(pause)}
        </span>
      </span>
    );
  }
  return (
    <span data-testid="pause-state">
      {status === 'DISABLED' ? 'Disabled after repeated pauses.' : 'Not paused.'}{' '}
      <span className="small muted">
        {so} {nextPauseWords(pause)}
      </span>
    </span>
  );
}

/** The rejected_reason in words and what to change. */
export function ReasonWords({ reason }: { reason: string | null | undefined }) {
  const words = reason ? rejectedReasons[reason] : undefined;
  if (!words) return null;
  return (
    <span className="small">
      {' '}
      {words.means} <em>What to change: {words.change}</em>
    </span>
  );
}

/** The history, newest first, as the server keeps it. */
export function HistoryList({ events }: { events: readonly TemplateEventView[] | undefined }) {
  if (events === undefined) return <p className="muted small">Loading the history…</p>;
  if (events.length === 0) return <p className="muted small">Nothing recorded yet.</p>;
  return (
    <ol className="history" data-testid="template-history">
      {events.map((e) => {
        const summary = eventSummary(e);
        return (
          <li key={e.id} data-event={e.event}>
            <Badge tone={statusTone(e.status)}>{e.status}</Badge> <strong>{eventTitle(e)}</strong>{' '}
            <span className="small muted">{formatTime(e.at)}</span>
            {summary ? <span className="small"> · {summary}</span> : null}
            {e.event === 'REJECTED' ? (
              <div className="small">
                {e.reason ? <strong>{e.reason}</strong> : null}
                {e.rejection_info ? ` — ${e.rejection_info.reason}. ${e.rejection_info.recommendation}` : null}
                <ReasonWords reason={e.reason} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
