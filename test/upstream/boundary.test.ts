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
function crossings(dir = join(src, 'upstream/simulator')): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const start of filesUnder(dir)) {
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
    const crossing = [...crossings()].map(([file, paths]) => `${file}: ${paths.join('; ')}`);
    expect(crossing).toEqual([]);
  });

  it('finds a crossing where there is one', () => {
    const found = crossings(join(import.meta.dirname, 'fixtures/crossing'));
    expect([...found.values()].flat()).toEqual(['numbers/model.ts']);
  });

  it('keeps the simulator on its own tables: sim_*, and only the store’s own (settings, jobs) besides', () => {
    const shared = ['settings', 'jobs'];
    const foreign = filesUnder(join(src, 'upstream/simulator')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*'([a-z_]+)/g)]
        .map((m) => m[1]!)
        .filter((table) => !table.startsWith('sim_') && !shared.includes(table))
        .map((table) => `${relative(src, file)}: ${table}`),
    );
    expect(foreign).toEqual([]);
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
