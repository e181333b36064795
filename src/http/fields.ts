// Graph `fields` parsing lives in core/, shared with the standalone simulator's server: one implementation.
export { parseFields, selectFields, splitFieldExpansions } from '../core/graph-fields.js';
