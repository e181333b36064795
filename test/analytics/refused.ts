import { expect } from 'vitest';
import { GraphError } from '../../src/core/graph-errors.js';

/** Runs `run`, expects Graph error 100 (Invalid parameter), and returns its details. */
export function refused(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    expect(error.entry.code).toBe(100);
    expect(error.message).toBe('(#100) Invalid parameter');
    return error.details;
  }
  throw new Error('expected a GraphError 100, but the call succeeded');
}
