import type { UpstreamChange, UpstreamSink } from './types.js';

export interface SinkRoute {
  readonly match: (change: UpstreamChange) => boolean;
  readonly to: (change: UpstreamChange) => Promise<void>;
}

/** What Meta's side reports goes to the capability it is about: the first route that matches, else `fallback`. */
export function routeChanges(routes: readonly SinkRoute[], fallback: UpstreamSink): UpstreamSink {
  return {
    receive: (change) => (routes.find((r) => r.match(change))?.to ?? ((c: UpstreamChange) => fallback.receive(c)))(change),
  };
}
