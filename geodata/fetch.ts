/**
 * Downloads the official files named in the manifest into GEODATA_DIR, on a machine with internet
 * access. Each file comes from its own `download` URL, or from `--base-url` + its path (a mirror, or a
 * local folder served over HTTP in tests). A checksum that differs from the manifest is reported, not
 * rejected: publishers revise files, and the project's reference copies are subsets. `import` then
 * refuses such a file unless it is accepted explicitly (--accept-changed).
 */
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { sha256File, sources } from './manifest'

export interface FetchResult {
  fetched: Array<{ path: string; sha256: string; matches: boolean | null }>
  skipped: Array<{ path: string; reason: string }>
  failed: Array<{ path: string; reason: string }>
}

export async function fetchSources(o: { dir: string; baseUrl?: string; only?: string[]; log?: (m: string) => void }): Promise<FetchResult> {
  const log = o.log ?? (() => {})
  const result: FetchResult = { fetched: [], skipped: [], failed: [] }
  for (const s of sources()) {
    if (o.only && !o.only.includes(s.id)) continue
    for (const f of s.files) {
      const url = o.baseUrl ? new URL(f.path, o.baseUrl.endsWith('/') ? o.baseUrl : o.baseUrl + '/').toString() : (f.download ?? (s.files.length === 1 ? s.download : undefined))
      if (!url) {
        const how = s.manual ?? `get it from ${s.url}`
        result.skipped.push({ path: f.path, reason: `no direct download URL: ${how}` })
        log(`skip ${f.path}: download it by hand. ${how}`)
        continue
      }
      const target = path.join(o.dir, f.path)
      const part = `${target}.part`
      try {
        await mkdir(path.dirname(target), { recursive: true })
        const res = await fetch(url)
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} from ${url}`)
        await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream), createWriteStream(part))
        await rename(part, target) // never leave a half-written file under the real name
        const sha256 = await sha256File(target)
        const matches = f.sha256 ? sha256 === f.sha256 : null
        result.fetched.push({ path: f.path, sha256, matches })
        log(`got  ${f.path}${matches === false ? ' (checksum differs from the manifest: a newer or full file?)' : ''}`)
      } catch (err) {
        await rm(part, { force: true })
        result.failed.push({ path: f.path, reason: err instanceof Error ? err.message : String(err) })
        log(`FAIL ${f.path}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  }
  return result
}
