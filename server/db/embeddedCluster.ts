/**
 * What the embedded database would otherwise redo at every start or for every new data directory,
 * done once per installation (`npm install` runs it as postinstall; a start that misses it does it):
 *
 * - The PostGIS files the atlas uses, unpacked. Given a bundle, PGlite gunzips and untars it into
 *   its in-memory file system and compiles and links every .so in it at every start (pglite-postgis
 *   ships three: postgis, raster, topology, 16 MB of WebAssembly each, and hundreds of upgrade
 *   scripts). Only postgis-3, its control file and install script and the PROJ data are ever used
 *   (migrations create `postgis` alone): those are unpacked once into a directory that each start
 *   mounts (Emscripten's NODEFS, as PGlite mounts DATA_DIR) and links into place. Nothing is read or
 *   compiled before it is used: postgis-3.so is loaded by PostgreSQL at the first PostGIS call, as
 *   a server loads it (measured: the database opens in half the CPU time, about 0.7 s less).
 * - An initial cluster: a data directory with PostGIS created and every migration applied, as a
 *   tarball. A new DATA_DIR is loaded from it (PGlite loadDataDir) instead of running initdb,
 *   CREATE EXTENSION and the migrations (20-30 s); migrations newer than the tarball still run.
 *
 * Both live in node_modules/.cache/locality-atlas, named by a hash of what they are made from (the
 * PGlite and PostGIS packages, and the migrations for the cluster), so a change rebuilds them.
 * Files are written under a temporary name and renamed: two processes building at once never
 * leave a half-written one.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Extension, PGlite } from '@electric-sql/pglite'
import { projectRoot } from '../config'
import { tarEntries } from './tarEntries'

const cacheDir = path.join(projectRoot, 'node_modules', '.cache', 'locality-atlas')
const require = createRequire(import.meta.url)

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
}

const hash = (parts: Array<string | Buffer>) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex').slice(0, 16)
}

function writeAtomically(file: string, data: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, file)
}

/** The entries of the PostGIS bundle the atlas uses (paths inside the tarball). */
export function isUsedPostgisFile(name: string): boolean {
  if (name.endsWith('/')) return true // directories
  if (name === 'lib/postgresql/postgis-3.so') return true
  if (name.startsWith('share/proj/')) return true
  // postgis.control and the install script postgis--3.6.2.sql; not the postgis--A--B.sql upgrades.
  return /^share\/postgresql\/extension\/postgis(\.control|--[\d.]+\.sql)$/.test(name)
}

function postgisBundleSource(): string {
  return path.join(path.dirname(require.resolve('@electric-sql/pglite-postgis')), 'postgis.tar.gz')
}

/** The directory holding the used PostGIS files (lib/..., share/...), unpacked from pglite-postgis's bundle when not cached yet. */
export function unpackedPostgis(): string {
  const src = postgisBundleSource()
  const dir = path.join(cacheDir, `postgis-${packageVersion('@electric-sql/pglite-postgis')}-${statSync(src).size}`)
  if (existsSync(dir)) return dir
  // Unpacked beside it and renamed into place whole: a directory that exists is complete.
  mkdirSync(cacheDir, { recursive: true })
  const tmp = mkdtempSync(`${dir}.tmp-`)
  try {
    for (const e of tarEntries(gunzipSync(readFileSync(src)))) {
      if (!isUsedPostgisFile(e.name) || e.name.endsWith('/') || !(e.type === '0' || e.type === '\0')) continue
      const file = path.join(tmp, e.name)
      mkdirSync(path.dirname(file), { recursive: true })
      writeFileSync(file, e.data)
    }
    renameSync(tmp, dir)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(dir)) throw err // else another process unpacked it first
  }
  return dir
}

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name
    return e.isDirectory() ? filesUnder(dir, r) : [r]
  })
}

/** Emscripten's file system, as far as the mount below uses it. */
interface EmscriptenFs {
  filesystems: { NODEFS: unknown }
  mkdirTree(path: string): void
  mount(type: unknown, opts: { root: string }, mountpoint: string): void
  symlink(target: string, path: string): void
}
type PreRun = (mod: { FS: EmscriptenFs }) => void

/**
 * pglite-postgis's extension (its environment: PROJ_DATA and so on), with the unpacked files
 * mounted and each linked where PostgreSQL looks for it (WASM_PREFIX/lib/postgresql/postgis-3.so,
 * WASM_PREFIX/share/...) instead of a bundle to unpack.
 */
export async function postgisExtension(): Promise<Extension> {
  const { postgis } = await import('@electric-sql/pglite-postgis')
  const dir = unpackedPostgis()
  const files = filesUnder(dir)
  return {
    name: postgis.name,
    setup: async (pg, opts) => {
      const { emscriptenOpts } = await postgis.setup(pg, opts)
      const o = emscriptenOpts as { WASM_PREFIX: string; preRun?: PreRun[] }
      const prefix = o.WASM_PREFIX
      const mountpoint = `${prefix}/atlas-postgis`
      const link: PreRun = ({ FS }) => {
        FS.mkdirTree(mountpoint)
        FS.mount(FS.filesystems.NODEFS, { root: dir }, mountpoint)
        for (const f of files) {
          FS.mkdirTree(path.posix.dirname(`${prefix}/${f}`))
          FS.symlink(`${mountpoint}/${f}`, `${prefix}/${f}`)
        }
      }
      return { emscriptenOpts: { ...o, preRun: [...(o.preRun ?? []), link] } }
    },
  }
}

function migrationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? migrationFiles(p) : [p]
  }).sort()
}

/** Where the initial cluster for the current packages and migrations is (or would be) cached. */
export function initialClusterFile(): string {
  const migrations = path.join(projectRoot, 'migrations')
  const key = hash([
    packageVersion('@electric-sql/pglite'), packageVersion('@electric-sql/pglite-postgis'),
    ...migrationFiles(migrations).flatMap((f) => [path.relative(migrations, f), readFileSync(f)]),
  ])
  return path.join(cacheDir, `initial-cluster-${key}.tar.gz`)
}

/**
 * The initial cluster as PGlite's loadDataDir takes it, building it first when it is missing:
 * `build` creates and migrates a database in the directory it is given and returns it open.
 */
export async function initialCluster(build: (dir: string) => Promise<{ pglite: PGlite; close: () => Promise<void> }>): Promise<Blob> {
  const file = initialClusterFile()
  if (!existsSync(file)) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-initial-cluster-'))
    try {
      const db = await build(dir)
      try {
        await db.pglite.exec('CHECKPOINT')
        const dump = await db.pglite.dumpDataDir('gzip')
        writeAtomically(file, Buffer.from(await dump.arrayBuffer()))
      } finally {
        await db.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return new Blob([readFileSync(file)])
}
