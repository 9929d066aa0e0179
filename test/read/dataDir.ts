import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The raw geodata folder: GEODATA_DIR, else <repo>/geodata/raw, else <repo>/../shared/geodata/raw. */
export const dataDir: string =
  [process.env.GEODATA_DIR, join(repo, 'geodata', 'raw'), join(repo, '..', 'shared', 'geodata', 'raw')].find(
    (p): p is string => p !== undefined && p !== '' && existsSync(p),
  ) ?? join(repo, '..', 'shared', 'geodata', 'raw')

/** Path of a file under the raw geodata folder: raw('london-data', 'bd_lad22_gen20.shp'). */
export function raw(...parts: string[]): string {
  return join(dataDir, ...parts)
}

/**
 * The London- and England-wide files (raw/scale): never shipped in the repo, so they are read from
 * GEODATA_DIR/scale when that has them, else from ../shared/geodata/raw/scale beside the clone.
 */
export const scaleDir: string =
  [join(dataDir, 'scale'), join(repo, '..', 'shared', 'geodata', 'raw', 'scale')].find((p) => existsSync(p)) ??
  join(repo, '..', 'shared', 'geodata', 'raw', 'scale')

/** Path of a file under the scale folder: scale('london_lsoa21_gen20.shp'). */
export function scale(...parts: string[]): string {
  return join(scaleDir, ...parts)
}
