/**
 * Keeps some entries of an uncompressed tar archive (ustar, as PGlite's extension bundles are),
 * copying their header and data blocks unchanged: nothing is re-encoded, so what is kept reads
 * back exactly as it was packed. Used to trim the PostGIS bundle (see embeddedCluster.ts).
 */

const BLOCK = 512

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length)
  const end = raw.indexOf(0)
  return raw.subarray(0, end < 0 ? length : end).toString('utf8')
}

/**
 * The archive with only the entries whose name `keep` accepts. A GNU long-name ('L') or pax ('x')
 * header travels with the entry after it, and its name is the one tested.
 */
export function keepTarEntries(tar: Buffer, keep: (name: string) => boolean): Buffer {
  const out: Buffer[] = []
  let pending: Buffer[] = []
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
      pending.push(entry)
      continue
    }
    const prefix = field(header, 345, 155)
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))
    if (keep(name.replace(/^\.\//, ''))) out.push(...pending, entry)
    pending = []
    longName = undefined
  }
  out.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(out)
}
