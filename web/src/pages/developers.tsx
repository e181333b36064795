import { api } from '../api.ts';
import { PageHeader } from '../components/ui.tsx';
import { usePolling } from '../hooks.ts';
import { can } from '../permissions.ts';
import { useSession } from '../session.tsx';
import type { AppView } from '../types.ts';
import { AppsSection } from './developers/apps.tsx';
import { DeliveriesSection } from './developers/deliveries.tsx';
import { TokensSection } from './developers/tokens.tsx';

/** What a business's developers need: apps and their webhook URL, access tokens, and the webhook delivery log. */
export function DevelopersPage() {
  const { me } = useSession();
  const apps = usePolling(() => api.get<{ data: AppView[] }>('/console/api/apps').then((r) => r.data), undefined, []);
  return (
    <>
      <PageHeader title="Developers" />
      {can(me.user.role, 'apps.manage') ? <AppsSection apps={apps} /> : null}
      {can(me.user.role, 'tokens.manage') ? <TokensSection apps={apps.data ?? []} /> : null}
      {can(me.user.role, 'apps.manage') ? <DeliveriesSection /> : null}
    </>
  );
}
