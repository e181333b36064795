import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { settings } from '../../src/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  /** e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  readonly token: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  output(): string;
  /** Resolves with the exit code (or signal) once the process ends. */
  readonly exited: Promise<number | string>;
}

/** Starts `chatapp serve` as a user would, on any free port, and reads its banner. */
export async function startServer(vars: Record<string, string | undefined>, timeoutMs = 30_000): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const s of settings) delete env[s.env];
  const child = spawn(process.execPath, ['bin/chatapp.js', 'serve'], { cwd: ROOT, env: { ...env, PORT: '0', LOG_LEVEL: 'warn', ...vars }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`chatapp serve did not start:\n${out}`)), timeoutMs);
    const check = () => {
      if (/Verify token/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`chatapp serve exited with ${code}:\n${out}`)));
  });
  const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(out)![1]!;
  return {
    child,
    baseUrl: field('API base URL').replace(/\/v\d+\.\d+$/, ''),
    token: field('Access token'),
    wabaId: field('WABA id'),
    phoneNumberId: field('Phone number id'),
    output: () => out,
    exited,
  };
}
