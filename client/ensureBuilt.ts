/**
 * `npm start` builds the client only when it is missing or older than its sources, so a second
 * start is up in seconds instead of waiting for Vite.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const built = path.join(here, '..', 'dist', 'client', 'index.html')

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

if (!existsSync(built) || statSync(built).mtimeMs < newest(here)) {
  process.stdout.write('building the map client (first start or changed sources)…\n')
  execFileSync(process.execPath, [path.join(here, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(here, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' })
}
