import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { settings } from '../../src/config.js';
import type { SeedFacts } from '../../src/upstream/simulator/standalone/seed.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The environment the CLI gets: the test's variables only, none of chatapp's from the shell. */
function cliEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const s of settings) delete env[s.env];
  return { ...env, LOG_LEVEL: 'warn', ...vars };
}

/** A port free right now on 127.0.0.1: `serve` and `seed` must agree on it, so it cannot be 0. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface SimulatorProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Everything it printed, stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `chatapp simulator serve` as a user would, and waits until it listens. */
export async function startSimulatorProcess(vars: Record<string, string | undefined>, timeoutMs = 60_000): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['bin/chatapp.js', 'simulator', 'serve'], { cwd: ROOT, env: cliEnv(vars), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`chatapp simulator serve did not start:\n${out}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const found = /listening on (\S+)/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void exited.then((code) => reject(new Error(`chatapp simulator serve exited with ${code}:\n${out}`)));
  });
  return {
    child,
    baseUrl: address,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `chatapp simulator seed --json` and reads what it printed. */
export function seedSimulator(vars: Record<string, string | undefined>): Promise<SeedFacts> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['bin/chatapp.js', 'simulator', 'seed', '--json'], { cwd: ROOT, env: cliEnv(vars), timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`chatapp simulator seed failed: ${error.message}\n${stdout}${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as SeedFacts);
      } catch {
        reject(new Error(`chatapp simulator seed printed no JSON:\n${stdout}${stderr}`));
      }
    });
  });
}
