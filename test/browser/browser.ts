/**
 * Headless Debian Chromium for the browser tests (never a downloaded browser), a real server with
 * the built client over the embedded test database, and a guard that records and blocks every
 * request to a host other than this machine.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { Catalogue } from '../../client/src/api'
import { projectRoot, type Config } from '../../server/config'
import { openTestDb, type TestDb } from '../support/db'
import { serve, type TestServer } from '../support/http'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const screenshots = path.join(projectRoot, 'test-results', 'screenshots')
export const chromiumAvailable = existsSync(CHROMIUM)

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  // WebGL without a GPU: SwiftShader through ANGLE
  '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
]

export interface Harness {
  url: string
  /** the server's database (for cleaning up what a test wrote where the API has no delete) */
  db: TestDb
  context: BrowserContext
  /** requests to any host that is not this machine (all blocked) */
  external: string[]
  /** a new page at the path, at the given viewport (default 1400x900), once the map is ready */
  open(pathAndQuery?: string, viewport?: { width: number; height: number }): Promise<Page>
  close(): Promise<void>
}

const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** An editor token the harness's server accepts (writes: saving scenarios). */
export const EDITOR_TOKEN = 'browser-test-editor-token'

export interface HarnessOptions {
  /** settings the server runs with on top of the harness's (e.g. an identity provider) */
  config?: Partial<Config>
  /** called with the server's URL once it listens, before any page opens */
  serving?: (url: string) => void
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  // Browser tests need Debian's chromium (.ci/run installs it): without it they fail saying so.
  if (!chromiumAvailable) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`)
  execFileSync('npm', ['run', 'build:client', '--silent'], { cwd: projectRoot, stdio: 'inherit' })
  mkdirSync(screenshots, { recursive: true })
  const db: TestDb = await openTestDb()
  const server: TestServer = await serve(db, { config: { ...db.config, SERVE_CLIENT: true, EDITOR_TOKENS: [EDITOR_TOKEN], ...opts.config } })
  opts.serving?.(server.url)
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'atlas-chromium-'))
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 900 }, acceptDownloads: true,
  })
  const external: string[] = []
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url())
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && !LOCAL.has(u.hostname)) {
      external.push(u.href)
      return route.abort('blockedbyclient')
    }
    return route.continue()
  })
  return {
    url: server.url,
    db,
    context,
    external,
    async open(p = '/', viewport?: { width: number; height: number }) {
      const page = await context.newPage()
      page.on('pageerror', (e) => console.error('[page error]', e.message))
      if (viewport) await page.setViewportSize(viewport)
      await page.goto(server.url + p)
      await page.waitForFunction(() => window.atlas?.ready === true, null, { timeout: 45_000 })
      return page
    },
    async close() {
      await context.close()
      await server.close()
      await db.dispose()
      rmSync(profileDir, { recursive: true, force: true })
    },
  }
}

/** Waits until the map has drawn everything it is loading. */
export async function idle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => {
    const m = window.atlas!.map
    if (m.loaded() && m.areTilesLoaded()) setTimeout(resolve, 300)
    else m.once('idle', () => resolve())
  }))
}

/**
 * Signs in through the header's control as a person would: open it, paste the token, Enter; waits
 * for "Signed in as …". When a write has already opened the control (session.tokenForWrite), pass
 * `opened` so the toggle is not clicked again.
 */
export async function signIn(page: Page, token = EDITOR_TOKEN, opts: { opened?: boolean } = {}): Promise<void> {
  if (!opts.opened) await page.locator('#signin-toggle').click()
  await page.getByLabel('API token', { exact: true }).fill(token)
  await page.getByLabel('API token', { exact: true }).press('Enter')
  await page.locator('#signin-who').filter({ hasText: /^Signed in as / }).waitFor({ timeout: 15_000 })
}

/** Presses Tab until the focused element matches `selector`. */
export async function tabTo(page: Page, selector: string, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`) })

/**
 * A file's harness: started before its tests (handed, with the catalogue it serves, to `use`) and
 * closed after them.
 */
export function withHarness(use: (h: Harness, catalogue: Catalogue) => void, opts: HarnessOptions | (() => HarnessOptions) = {}): void {
  let started: Harness | undefined
  beforeAll(async () => {
    started = await startHarness(typeof opts === 'function' ? opts() : opts)
    use(started, (await (await fetch(`${started.url}/api/catalogue`)).json()) as Catalogue)
  }, 300_000)
  afterAll(async () => {
    await started?.close()
  })
}
