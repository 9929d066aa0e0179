/**
 * The service and its command lines as separate processes, started as a user starts them: for tests
 * of what happens between processes (start-up, shutdown, who owns a data directory).
 */
import { execFile, spawn } from 'node:child_process'
import path from 'node:path'
import { projectRoot } from '../../server/config'

/** The environment of the test run, without the test's own database settings. */
export function baseEnv(): Record<string, string | undefined> {
  const base = { ...process.env }
  delete base.DATABASE_URL
  delete base.TEST_DATABASE_URL
  return base
}

/**
 * Starts `server/main.ts` through tsx and waits for it to listen; with `bundle`, exactly as `npm start`
 * does: server/launch.mjs, which runs the prebuilt bundle (rebuilt first when stale) and checks the client.
 */
export function startServer(env: Record<string, string>, o: { bundle?: boolean } = {}) {
  const args = o.bundle ? [path.join(projectRoot, 'server/launch.mjs')] : ['--import', 'tsx', path.join(projectRoot, 'server/main.ts')]
  const child = spawn(process.execPath, args, {
    env: { ...baseEnv(), AUTO_IMPORT: 'false', LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/open (http:\/\/127\.0\.0\.1:\d+)\//)
      if (m) resolve(m[1])
    })
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
  // Whoever awaits only `exited` must not see `listening`'s rejection as unhandled.
  listening.catch(() => {})
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, listening, exited, output: () => out }
}

export interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs a project script (e.g. `geodata/cli.ts`, `server/cli/admin.ts`) to completion. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath, ['--import', 'tsx', script, ...args],
      { cwd: projectRoot, env: { ...baseEnv(), ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}
