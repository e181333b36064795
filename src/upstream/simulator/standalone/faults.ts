import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../../core/clock.js';
import { GraphError, graphErrors, invalidParameter, type GraphErrorBody, type GraphErrorName } from '../../../core/graph-errors.js';

/** What `POST /simulator/faults` asks for. */
export interface FaultInput {
  readonly status?: number | undefined;
  readonly code?: number | undefined;
  readonly count?: number | undefined;
  readonly seconds?: number | undefined;
  readonly path?: string | undefined;
}

/** A fault as `GET /simulator/faults` shows it. */
export interface FaultView {
  readonly id: string;
  readonly status: number;
  readonly code: number;
  /** Only Graph paths containing this (version stripped) are faulted; null for every Graph request. */
  readonly path: string | null;
  /** Requests still to fault; null when only time bounds the fault. */
  readonly count_left: number | null;
  /** Wall seconds left; null when only the count bounds it. */
  readonly seconds_left: number | null;
  /** Requests this fault has answered so far. */
  readonly faulted: number;
}

interface Fault {
  readonly id: string;
  readonly status: number;
  readonly name: GraphErrorName;
  readonly path: string | null;
  left: number | null;
  readonly until: number | null;
  faulted: number;
}

export const MAX_FAULT_COUNT = 100_000;
export const MAX_FAULT_SECONDS = 3600;
/** Faults active at once: each request walks the list. */
const MAX_FAULTS = 100;

/**
 * Injected failures of the standalone Graph API, for testing a client's retries: the next `count`
 * requests (or all for `seconds` of wall time) whose path contains `path` get an HTTP status and
 * Graph's error envelope instead of their effect. Kept in this process's memory on purpose — it is
 * a test harness, not platform state: behind a balancer each simulator process has its own faults.
 * Like the sandbox clock, they are the deployment's: they hit every business's requests.
 */
export class GraphFaults {
  readonly #wall: Clock;
  #faults: Fault[] = [];
  #next = 1;
  #faulted = 0;

  constructor(options: { wall: Clock }) {
    this.#wall = options.wall;
  }

  add(input: FaultInput): FaultView {
    const status = input.status ?? 500;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw invalidParameter('status: an HTTP error status, 400 to 599');
    const name = errorNamed(status, input.code);
    const { count, seconds } = input;
    if (count === undefined && seconds === undefined) throw invalidParameter('Give count (requests to fault), seconds (how long to fault them), or both');
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > MAX_FAULT_COUNT)) throw invalidParameter(`count: a whole number, 1 to ${MAX_FAULT_COUNT}`);
    if (seconds !== undefined && (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_FAULT_SECONDS)) throw invalidParameter(`seconds: more than 0, at most ${MAX_FAULT_SECONDS}`);
    this.#prune();
    if (this.#faults.length >= MAX_FAULTS) throw invalidParameter(`At most ${MAX_FAULTS} faults may be active at once; DELETE /simulator/faults clears them`);
    const fault: Fault = {
      id: String(this.#next++),
      status,
      name,
      path: input.path ? input.path : null,
      left: count ?? null,
      until: seconds === undefined ? null : this.#wall.now() + seconds * 1000,
      faulted: 0,
    };
    this.#faults.push(fault);
    return this.#view(fault);
  }

  list(): { data: FaultView[]; faulted: number } {
    this.#prune();
    return { data: this.#faults.map((f) => this.#view(f)), faulted: this.#faulted };
  }

  /** Ends every fault and restarts the tally; answers how many were active. */
  clear(): number {
    this.#prune();
    const cleared = this.#faults.length;
    this.#faults = [];
    this.#faulted = 0;
    return cleared;
  }

  /**
   * The answer for a Graph request at `path` (version stripped, no query) if a fault takes it, the
   * first active one in order of creation; taking it uses one of that fault's count. Synchronous, so
   * concurrent requests never take more than the count.
   */
  take(path: string): { status: number; body: GraphErrorBody } | undefined {
    if (this.#faults.length === 0) return undefined;
    this.#prune();
    const fault = this.#faults.find((f) => f.path === null || path.includes(f.path));
    if (!fault) return undefined;
    if (fault.left !== null) fault.left -= 1;
    fault.faulted += 1;
    this.#faulted += 1;
    const error = new GraphError(fault.name, 'A fault injected with POST /simulator/faults: the request had no effect');
    return { status: fault.status, body: error.toBody() };
  }

  #prune(): void {
    const now = this.#wall.now();
    this.#faults = this.#faults.filter((f) => (f.left === null || f.left > 0) && (f.until === null || f.until > now));
  }

  #view(f: Fault): FaultView {
    return {
      id: f.id,
      status: f.status,
      code: graphErrors[f.name].code,
      path: f.path,
      count_left: f.left,
      seconds_left: f.until === null ? null : Math.max(0, Math.ceil((f.until - this.#wall.now()) / 1000)),
      faulted: f.faulted,
    };
  }
}

/**
 * The catalogue entry a fault answers with (core/graph-errors.ts): the code asked for, preferring
 * the entry whose usual HTTP status is the fault's; without a code, 1 ("An unknown error
 * occurred") for a 5xx. A 4xx has no obvious code, so it must be named.
 */
function errorNamed(status: number, code: number | undefined): GraphErrorName {
  if (code === undefined) {
    if (status >= 500) return 'unknown';
    throw invalidParameter('code: name the Graph error code for a 4xx fault (e.g. 130429, 131056, 4, 80007, 190)');
  }
  const names = (Object.keys(graphErrors) as GraphErrorName[]).filter((n) => graphErrors[n].code === code);
  const name = names.find((n) => graphErrors[n].httpStatus === status) ?? names[0];
  if (!name) {
    const known = [...new Set(Object.values(graphErrors).map((e) => e.code))].join(', ');
    throw invalidParameter(`code: ${code} is not a Graph error code the simulator knows; use one of ${known}`);
  }
  return name;
}

/**
 * Applies the faults to every route of the Graph scope, before anything else of the request is
 * read or checked (an outage answers before the token is looked at). Sandbox routes, `/healthz`
 * and `/readyz` live outside that scope and are never faulted.
 */
export function applyFaults(graph: FastifyInstance, faults: GraphFaults): void {
  graph.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    // Media downloads (`/simulator/files/…`) stand for Meta's CDN, not Graph: /simulator is never faulted.
    if (path.startsWith('/simulator/')) return;
    const answer = faults.take(path);
    if (!answer) return;
    return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
  });
}
