import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GraphError, graphErrors, type GraphErrorName } from '../../src/core/graph-errors.js';

describe('the Graph error catalogue', () => {
  const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

  it('documents every entry in docs/errors.md with its code, HTTP status and title', () => {
    for (const [name, e] of Object.entries(graphErrors)) {
      const row = `| \`${name}\` | ${e.code}${e.subcode ? ` / ${e.subcode}` : ''} | ${e.httpStatus} | ${e.title} |`;
      expect(doc, name).toContain(row);
    }
  });

  it('renders each entry in the Graph envelope with (#code) title as its message', () => {
    for (const name of Object.keys(graphErrors) as GraphErrorName[]) {
      const body = new GraphError(name, 'details here').toBody();
      expect(body.error.message).toBe(`(#${graphErrors[name].code}) ${graphErrors[name].title}`);
      expect(body.error.error_data).toEqual({ messaging_product: 'whatsapp', details: 'details here' });
      expect(body.error.fbtrace_id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    }
  });
});
