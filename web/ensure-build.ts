/**
 * Builds the console into web/dist when the build is missing or older than its sources, so
 * `npm start` on a fresh clone serves it without a separate step (and the browser tests test the
 * sources as they are). Run with `node --import tsx web/ensure-build.ts [--force]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.dirname(fileURLToPath(import.meta.url));
const built = path.join(web, 'dist', 'index.html');
// The role matrix is shared with the server (web/src/permissions.ts).
const sources = [path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(web, '..', 'src', 'accounts', 'model.ts')];

function newestChange(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

export function consoleBuildIsCurrent(): boolean {
  const stat = fs.statSync(built, { throwIfNoEntry: false });
  return stat !== undefined && Math.max(...sources.map(newestChange)) <= stat.mtimeMs;
}

/** Builds when needed; answers whether a usable build is there afterwards. Never throws: the APIs run without a console. */
export async function ensureConsoleBuild(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && consoleBuildIsCurrent()) return true;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    process.stderr.write('chatapp: the console cannot be built here: Vite is missing (`npm ci` installs it with the dev dependencies). The APIs work without it.\n');
    return fs.existsSync(built);
  }
  process.stdout.write(`chatapp: building the console (web/ → web/dist)…\n`);
  // React's production build whatever NODE_ENV the caller had (a test runner sets "test").
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
    return true;
  } catch (error) {
    process.stderr.write(`chatapp: building the console failed: ${(error as Error).message}\n`);
    return fs.existsSync(built);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ok = await ensureConsoleBuild({ force: process.argv.includes('--force') });
  if (!ok) process.stderr.write('chatapp: starting without the console; `npm run build` shows why it did not build.\n');
}
