import { BinaryOperationNode, OperatorNode, ValueNode, createQueryId, type CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Executor } from './database.js';

/**
 * A statement built and compiled once per database, then run with new arguments: Kysely's
 * building and compiling cost about a sixth of the server's busy CPU when every call repeats them.
 *
 * The builder runs once per dialect (placeholders and quoting differ) with stand-ins for its
 * arguments; the compiled parameters that are stand-ins become slots, the rest stay constants.
 * An argument is a scalar or a record of scalars, whose fields are those of the first call.
 * So the builder must only place its arguments, never compute with or branch on them: a stand-in
 * used as a string or JSON throws, a scalar argument that vanished or would make an `in (...)`
 * list throws, but a branch on an argument's truthiness cannot be seen: don't write one.
 */
export type Scalar = string | number | bigint | boolean | null;
export type Arguments<A> = { readonly [I in keyof A]: Scalar | Record<keyof A[I], Scalar> };

export interface Precompiled<A extends readonly unknown[], O> {
  /** The rows the statement returns (a select, or a write with `returning`). */
  execute(db: Executor, ...args: A): Promise<O[]>;
  executeTakeFirst(db: Executor, ...args: A): Promise<O | undefined>;
  /** How many rows a write without `returning` inserted, updated or deleted. */
  numAffectedRows(db: Executor, ...args: A): Promise<bigint>;
}

/** Runs a statement at once on the connection an open transaction holds (SQLite's one connection). */
export type DirectRun = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>;
const directRuns = new WeakMap<object, DirectRun>();

/**
 * Lets precompiled statements inside a transaction of `db` skip Kysely's executor (its connection
 * lock and a chain of promises per statement): the transaction already holds the one connection,
 * so running on it directly is what Kysely would do, minus the hops. Outside a transaction a
 * statement still queues for the connection as usual, so it never lands in someone else's.
 */
export function runDirectlyInTransactions(db: Executor, run: DirectRun): void {
  directRuns.set(db.getExecutor().adapter, run);
}

export function precompiled<A extends readonly unknown[] & Arguments<A>, O>(build: (db: Executor, ...args: A) => Compilable<O>): Precompiled<A, O> {
  // Keyed on the dialect adapter: a transaction shares its database's, and each dialect compiles its own SQL.
  const compiled = new WeakMap<object, Template>();
  const run = (db: Executor, args: A): Promise<QueryResult<O>> => {
    const adapter = db.getExecutor().adapter;
    let template = compiled.get(adapter);
    if (!template) compiled.set(adapter, (template = compile(db, build as unknown as Builder, args)));
    const direct = db.isTransaction ? directRuns.get(adapter) : undefined;
    if (!direct) return db.executeQuery<O>(fill(template, args));
    try {
      return Promise.resolve(direct(template.query.sql, parametersOf(template, args)) as QueryResult<O>);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    execute: async (db, ...args) => (await run(db, args)).rows,
    executeTakeFirst: async (db, ...args) => (await run(db, args)).rows[0],
    numAffectedRows: async (db, ...args) => (await run(db, args)).numAffectedRows ?? 0n,
  };
}

/**
 * One precompiled statement per list size, made on first use: for a statement whose `in (...)` list
 * or multi-row `values` take one argument per item (the SQL differs by count, never by value).
 */
export function bySize<P>(make: (size: number) => P): (size: number) => P {
  const made = new Map<number, P>();
  return (size) => {
    let statement = made.get(size);
    if (!statement) made.set(size, (statement = make(size)));
    return statement;
  };
}

/**
 * One precompiled statement per LIMIT, for a claim of "up to n" rows: SQLite prepares a statement
 * with a bound LIMIT again on every run (`literal-limits.ts`), so the limit is built into the SQL.
 * It is rounded down to a power of two, so a claim of any size uses one of a few statements; the
 * caller gets the limit its statement takes.
 */
export function byLimit<P>(make: (limit: number) => P): (atMost: number) => { statement: P; limit: number } {
  const sized = bySize(make);
  return (atMost) => {
    const limit = 2 ** Math.floor(Math.log2(Math.max(1, atMost)));
    return { statement: sized(limit), limit };
  };
}

type Builder = (db: Executor, ...args: unknown[]) => Compilable<unknown>;

interface Template {
  readonly query: CompiledQuery;
  /** For each compiled parameter, the argument (or field) it takes, or undefined for a constant. */
  readonly slots: readonly (StandIn | undefined)[];
}

/** Stands in for an argument (or one field of it) while the statement is built; any use but as a value throws. */
class StandIn {
  constructor(
    readonly index: number,
    readonly field?: string,
  ) {}
  get name(): string {
    return this.field === undefined ? `argument ${this.index}` : `field ${this.field} of argument ${this.index}`;
  }
  [Symbol.toPrimitive](): never {
    throw new Error(`precompiled: ${this.name} was used in an expression; the builder may only place its arguments`);
  }
  toJSON(): never {
    return this[Symbol.toPrimitive]();
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function compile(db: Executor, build: Builder, args: readonly unknown[]): Template {
  const standIns = args.map((arg, i) => (isRecord(arg) ? Object.fromEntries(Object.keys(arg).map((field) => [field, new StandIn(i, field)])) : new StandIn(i)));
  const query = build(db, ...standIns).compile();
  refuseListArguments(query.query);
  const slots = query.parameters.map((p) => {
    if (p instanceof StandIn) return p;
    if (standIns.includes(p as never)) throw new Error(`precompiled: a record argument was placed whole; place its fields`);
    return undefined;
  });
  for (const standIn of standIns) {
    if (standIn instanceof StandIn && !slots.includes(standIn)) throw new Error(`precompiled: ${standIn.name} is not a parameter of the statement (${query.sql})`);
  }
  return { query, slots };
}

/** `x in (?)` built from one argument would stand for a list whose length changes the SQL. */
function refuseListArguments(node: unknown): void {
  if (typeof node !== 'object' || node === null || node instanceof StandIn) return;
  if (Array.isArray(node)) return node.forEach(refuseListArguments);
  const n = node as BinaryOperationNode;
  if (
    BinaryOperationNode.is(n) &&
    OperatorNode.is(n.operator) &&
    (n.operator.operator === 'in' || n.operator.operator === 'not in') &&
    ValueNode.is(n.rightOperand) &&
    n.rightOperand.value instanceof StandIn
  ) {
    throw new Error(`precompiled: ${n.rightOperand.value.name} is used as an \`in\` list; only scalar arguments are supported`);
  }
  for (const value of Object.values(node)) refuseListArguments(value);
}

function fill(template: Template, args: readonly unknown[]): CompiledQuery {
  return { ...template.query, queryId: createQueryId(), parameters: parametersOf(template, args) };
}

function parametersOf(template: Template, args: readonly unknown[]): unknown[] {
  const parameters = template.query.parameters.slice();
  for (let i = 0; i < parameters.length; i++) {
    const slot = template.slots[i];
    if (!slot) continue;
    const arg = args[slot.index];
    const value = slot.field === undefined ? arg : (arg as Record<string, unknown>)[slot.field];
    // The types allow only scalars; a list or an object smuggled past them would change the SQL's meaning.
    if (value === undefined || isRecord(value)) throw new Error(`precompiled: ${slot.name} is not a scalar`);
    parameters[i] = value;
  }
  return parameters;
}
