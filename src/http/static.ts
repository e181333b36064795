import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the console (web/dist), from src/http or dist/http alike. */
export const CONSOLE_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * First path segments the console never claims: the APIs keep answering their own 404s there, so a
 * mistyped API path still gets a Graph error and not a page of HTML.
 */
const RESERVED = new Set(['console', 'simulator', 'docs', 'metrics', 'healthz', 'readyz', 'pps', 'assets']);

// The console loads only its own scripts; media in a chat may come from a business's `link`.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; media-src 'self' blob: http: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>chatapp console</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The console is not built yet</h1><p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it when it is missing), then reload.</p>
<p>The APIs work meanwhile: <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * The web console (React + Vite, built into web/dist) at `/`: files of the build as they are, and
 * index.html for any other page a browser asks for (the app's own routes, `/numbers`, `/phone`…),
 * so a reload or a shared link lands on the right screen. Everything else falls through to the
 * Graph-shaped 404 of the app's not-found handler.
 */
export async function registerConsoleStatic(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? CONSOLE_ROOT;
  // @fastify/static logs a warning for a root that does not exist (an unbuilt console), which would
  // reach stdout beside `demo --json`; an empty build directory says the same without the noise.
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch {
    // A read-only install: the warning is the lesser evil.
  }
  // serve: false — only `reply.sendFile`; the one wildcard route below decides what is a file and what is a page.
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = decodePath(request.url);
    if (pathname === undefined) return reply.callNotFound();
    const file = pathname.slice(1);
    if (file !== '' && isFile(path.join(root, file))) {
      // Vite names assets by content hash, so they never change; index.html is always revalidated.
      const immutable = file.startsWith('assets/');
      return reply.headers(SECURITY_HEADERS).sendFile(file, { maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0, immutable, cacheControl: true });
    }
    if (!wantsPage(request, pathname)) return reply.callNotFound();
    if (!isFile(path.join(root, 'index.html'))) return reply.code(503).type('text/html; charset=utf-8').headers(SECURITY_HEADERS).send(NOT_BUILT);
    return reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' }).sendFile('index.html', { cacheControl: false });
  });
}

/** The request's path, decoded, or undefined when it cannot be a console path (bad escapes, `..`). */
function decodePath(url: string): string | undefined {
  try {
    const pathname = decodeURIComponent(url.split('?')[0] ?? '/');
    return pathname.split('/').includes('..') || pathname.includes('\0') ? undefined : pathname;
  } catch {
    return undefined;
  }
}

/** A page of the app: `/` always; another path only when a browser navigates to it, outside the APIs. */
function wantsPage(request: FastifyRequest, pathname: string): boolean {
  if (pathname === '/') return !isVersioned(request);
  const first = pathname.split('/')[1] ?? '';
  if (RESERVED.has(first) || /^\d+$/.test(first) || first.includes(':') || isVersioned(request)) return false;
  // A missing file (favicon.png, main.js) is a 404, not the app.
  if (/\.[a-z0-9]+$/i.test(pathname)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/** Graph paths arrive version-stripped (`/v23.0/x` is routed as `/x`); they are never console pages. */
const isVersioned = (request: FastifyRequest): boolean => /^\/v\d+\.\d+(\/|\?|$)/.test(request.originalUrl);

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
