// Graph version parsing lives in core/, shared with the standalone simulator's server.
export { graphVersionOf, LATEST_VERSION, OLDEST_VERSION, stripGraphVersion, type GraphVersion } from '../core/graph-version.js';
