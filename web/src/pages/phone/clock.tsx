import { useState } from 'react';
import { api, messageOf } from '../../api.ts';
import { Button } from '../../components/ui.tsx';
import { usePolling } from '../../hooks.ts';
import { can } from '../../permissions.ts';
import { useSession } from '../../session.tsx';

const steps = [
  { label: '+1 h', seconds: 3600 },
  { label: '+24 h', seconds: 24 * 3600 },
  { label: '+7 d', seconds: 7 * 24 * 3600 },
] as const;

/**
 * The sandbox clock, and buttons to move it on: windows close, retries fall due, limits reset. The
 * clock is the deployment's, so only an Admin moves it (the server refuses anyone else too).
 */
export function SandboxClock() {
  const { me } = useSession();
  const mayMove = can(me.user.role, 'sandbox.manage');
  const clock = usePolling(() => api.get<{ now: number }>('/simulator/clock'), 2000, []);
  const [error, setError] = useState<string>();
  async function advance(seconds: number) {
    try {
      await api.post('/simulator/clock/advance', { seconds });
      setError(undefined);
      await clock.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  }
  return (
    <div className="clock" aria-label="Sandbox clock">
      <span className="clock-now" title="The sandbox clock: what time it is for the platform and its users">
        ◷ {clock.data ? new Date(clock.data.now * 1000).toLocaleString() : '…'}
      </span>
      {mayMove
        ? steps.map((s) => (
            <Button key={s.label} variant="secondary" onClick={() => void advance(s.seconds)} title={`Advance the sandbox clock by ${s.label.slice(1)} (for every business of this install)`}>
              {s.label}
            </Button>
          ))
        : null}
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
