// The error boundary lives in core/, shared with the standalone simulator's server: one implementation.
export { registerErrorHandling, toGraphError } from '../core/graph-boundary.js';
