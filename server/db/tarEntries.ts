/**
 * Reads an uncompressed tar archive (ustar, as PGlite's extension bundles are) entry by entry.
 * Used to unpack the PostGIS bundle once per installation (see embeddedCluster.ts).
 */

const BLOCK = 512

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length)
  const end = raw.indexOf(0)
  return raw.subarray(0, end < 0 ? length : end).toString('utf8')
}

interface TarEntry {
  /** the entry's path (a GNU long name or pax path applied), without a leading ./ */
  name: string
  /** '0' (or NUL) a file, '5' a directory, ... */
  type: string
  /** the file's bytes */
  data: Buffer
}

/** The entries of the archive, in order. A GNU long-name ('L') or pax ('x') header names the entry after it. */
export function* tarEntries(tar: Buffer): Generator<TarEntry> {
  let longName: string | undefined
  let at = 0
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK)
    if (header.every((b) => b === 0)) break // end of archive
    const size = parseInt(field(header, 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(header[156])
    const span = BLOCK + Math.ceil(size / BLOCK) * BLOCK
    if (at + span > tar.length) throw new Error('truncated tar archive')
    const entry = tar.subarray(at, at + span)
    at += span
    if (type === 'L' || type === 'x') {
      if (type === 'L') longName = field(entry, BLOCK, size)
      else longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(entry.subarray(BLOCK, BLOCK + size).toString('utf8'))?.[1] ?? longName
      continue
    }
    const prefix = field(header, 345, 155)
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))
    yield { name: name.replace(/^\.\//, ''), type, data: entry.subarray(BLOCK, BLOCK + size) }
    longName = undefined
  }
}
