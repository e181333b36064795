import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The seam between chatapp and Meta's side (DESIGN.md, "The boundary"): the simulator keeps its
 * own state and rules, and reaches chatapp only through the port and the sink. So nothing the
 * simulator imports — directly or through core/, store/ or rules/ — may be one of chatapp's
 * capability folders. The graph is read from the sources (every static and dynamic import).
 */
const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');
const capabilities = ['accounts', 'numbers', 'templates', 'messaging', 'media', 'webhooks', 'inbox', 'billing', 'analytics', 'campaigns', 'demo', 'http', 'cli'];

/**
 * Simulator files that still read chatapp's state while the simulator moves onto its own tables
 * (issue 14). The list only shrinks: a file not on it that crosses the boundary fails the test,
 * and a file on it that no longer crosses fails it too, so the list stays true.
 */
const stillCrossing = new Set([
  'upstream/simulator/business-limits.ts',
  'upstream/simulator/number-quality.ts',
  'upstream/simulator/platform.ts',
  'upstream/simulator/pricing.ts',
  'upstream/simulator/quality.ts',
  'upstream/simulator/reviewer.ts',
  'upstream/simulator/user-media.ts',
  'upstream/simulator/users.ts',
]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The source files a file imports, by its relative specifiers (`.js` names the `.ts` beside it). */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

const folderOf = (file: string): string => relative(src, file).split('/')[0]!;

/** For each simulator file, the capability files it reaches, with the path that gets there. */
function crossings(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const start of filesUnder(join(src, 'upstream/simulator'))) {
    const seen = new Set<string>([start]);
    const queue: { file: string; path: string[] }[] = [{ file: start, path: [] }];
    while (queue.length > 0) {
      const { file, path } = queue.shift()!;
      for (const next of importsOf(file)) {
        if (seen.has(next)) continue;
        seen.add(next);
        const via = [...path, relative(src, next)];
        if (capabilities.includes(folderOf(next))) {
          found.set(relative(src, start), [...(found.get(relative(src, start)) ?? []), via.join(' → ')]);
          continue;
        }
        // Another simulator file is checked on its own; shared folders (core/, store/, rules/) are followed.
        if (!relative(src, next).startsWith('upstream/simulator/')) queue.push({ file: next, path: via });
      }
    }
  }
  return found;
}

describe('the boundary between chatapp and the simulator', () => {
  it('reads imports from sources, including type-only and dynamic ones', () => {
    const file = join(src, 'upstream/simulator/routes.ts');
    expect(importsOf(file).some((f) => f.endsWith('/core/graph-errors.ts'))).toBe(true);
  });

  it('keeps every simulator file, directly or through shared folders, out of chatapp’s capabilities', () => {
    const crossing = crossings();
    const newlyCrossing = [...crossing].filter(([file]) => !stillCrossing.has(file)).map(([file, paths]) => `${file}: ${paths.join('; ')}`);
    expect(newlyCrossing).toEqual([]);
  });

  it('lists as still crossing only files that do cross, so the list only shrinks', () => {
    const crossing = crossings();
    expect([...stillCrossing].filter((file) => !crossing.has(file))).toEqual([]);
  });

  it('keeps the pure rules pure: src/rules imports only itself and core/', () => {
    const outside = filesUnder(join(src, 'rules')).flatMap((file) =>
      importsOf(file)
        .filter((f) => !['rules', 'core'].includes(folderOf(f)))
        .map((f) => `${relative(src, file)} → ${relative(src, f)}`),
    );
    const io = filesUnder(join(src, 'rules')).filter((file) => /from ['"]node:(fs|net|http|https|child_process|worker_threads)/.test(readFileSync(file, 'utf8')));
    expect(outside).toEqual([]);
    expect(io).toEqual([]);
  });
});
