/**
 * The source manifest (geodata/sources.json): every dataset the service imports, with publisher,
 * licence, attribution, official URL, vintage and the files it reads (with reference checksums).
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const here = path.dirname(fileURLToPath(import.meta.url))

const SourceFile = z.strictObject({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  download: z.url().optional(),
})
export const Source = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  title: z.string(),
  publisher: z.string(),
  licence: z.string(),
  attribution: z.string(),
  url: z.url(),
  vintage: z.string(),
  files: z.array(SourceFile).min(1),
  /**
   * Other layouts of the same data, e.g. the London-wide or England-wide official files kept under
   * raw/scale: the importer keeps the configured authority's rows from whichever layout is present.
   * `{la}` in a path is the authority code.
   */
  variants: z.array(z.strictObject({ name: z.string(), files: z.array(SourceFile).min(1) })).optional(),
  /** where `geodata fetch` downloads from when a file has no own download URL */
  download: z.url().optional(),
  /** how to get the files by hand when the publisher has no direct file URL for them (said by `fetch`) */
  manual: z.string().optional(),
})
export type Source = z.infer<typeof Source>

const Manifest = z.object({ $comment: z.string().optional(), sources: z.array(Source) })

let cache: Source[] | undefined
export function sources(): Source[] {
  cache ??= Manifest.parse(JSON.parse(readFileSync(path.join(here, 'sources.json'), 'utf8'))).sources
  return cache
}

export function source(id: string): Source {
  const s = sources().find((x) => x.id === id)
  if (!s) throw new Error(`unknown source "${id}" (see geodata/sources.json)`)
  return s
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')))
  })
}

export class MissingSourceFile extends Error {
  constructor(public readonly sourceId: string, public readonly file: string) {
    super(`${sourceId}: file not found: ${file}`)
  }
}

/** A file whose bytes are not the ones the manifest records (cut, damaged, or a newer edition). */
export class ChecksumMismatch extends Error {
  constructor(public readonly sourceId: string, public readonly files: Array<{ path: string; expected: string; actual: string }>) {
    super(
      `${sourceId}: ${files.map((f) => `${f.path} does not match the manifest (sha256 ${f.actual.slice(0, 12)}…, expected ${f.expected.slice(0, 12)}…)`).join('; ')}. ` +
        'A cut or damaged file is refused; if this is a newer file from the publisher, import it with --accept-changed (and update geodata/sources.json)',
    )
    this.name = 'ChecksumMismatch'
  }
}

/** The files whose sha256 differs from the one the manifest gives (files with no reference checksum pass). */
export function checksumMismatches(
  expected: Array<{ path: string; sha256: string | null }>, actual: Array<{ path: string; sha256: string }>,
): Array<{ path: string; expected: string; actual: string }> {
  return expected.flatMap((f, i) => (f.sha256 && f.sha256 !== actual[i].sha256 ? [{ path: f.path, expected: f.sha256, actual: actual[i].sha256 }] : []))
}

/**
 * The source as laid out in `dir`: its own files if they are all there, else the first variant whose
 * files all are (with `{la}` filled in); null when no layout is complete.
 */
export function resolveLayout(dir: string, s: Source, la: string): Source | null {
  const layouts = [{ name: 'default', files: s.files }, ...(s.variants ?? [])]
  for (const l of layouts) {
    const files = l.files.map((f) => ({ ...f, path: f.path.replaceAll('{la}', la) }))
    if (files.every((f) => existsSync(path.resolve(dir, f.path)))) return { ...s, files }
  }
  return null
}

/**
 * One checksum for a dataset version: the hash of its files' hashes. An import whose checksum equals
 * the stored one changes nothing, which is what makes re-running an import idempotent.
 */
export async function datasetChecksum(dir: string, s: Pick<Source, 'id' | 'files'>): Promise<{ checksum: string; files: Array<{ path: string; sha256: string }> }> {
  const files = []
  for (const f of s.files) {
    const p = path.resolve(dir, f.path)
    if (!existsSync(p)) throw new MissingSourceFile(s.id, p)
    files.push({ path: f.path, sha256: await sha256File(p) })
  }
  const checksum = createHash('sha256').update(files.map((f) => `${f.path}:${f.sha256}`).join('\n')).digest('hex')
  return { checksum, files }
}
