// `npm start`: runs the server from one prebuilt JavaScript bundle (dist/server/start.mjs) instead of
// through tsx. Plain JavaScript on purpose, so that nothing has to be compiled before it runs: tsx
// costs a second Node process and a loader thread transforming each of the server's ~900 modules at
// every start, about a second of the warm restart's three.
//
// The bundle is made at install time (postinstall and `npm run build` call `node server/launch.mjs
// --build`) and again here whenever its sources changed: it records a hash of every file it was
// built from, compared (a read of ~1 MB) before each start. Packages stay outside the bundle
// (resolved from node_modules as before), and each module's `import.meta.url` is kept as its own
// source file's URL, so paths a module finds relative to itself (worker entry, data files,
// migrations) are the same as under tsx.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const entry = path.join(root, 'server', 'start.ts')
const outdir = path.join(root, 'dist', 'server')
const bundle = path.join(outdir, 'start.mjs')
const manifest = `${bundle}.inputs.json`

/** A hash of the launcher itself and of every source file the bundle was built from; null when one is gone. */
function sourcesHash(inputs) {
  const h = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)))
  for (const rel of inputs) {
    const file = path.join(root, rel)
    if (!existsSync(file)) return null
    h.update(rel).update('\0').update(readFileSync(file)).update('\0')
  }
  return h.digest('hex')
}

function isFresh() {
  if (!existsSync(bundle) || !existsSync(manifest)) return false
  try {
    const { hash, inputs } = JSON.parse(readFileSync(manifest, 'utf8'))
    return hash === sourcesHash(inputs)
  } catch {
    return false
  }
}

/** Writes under a temporary name and renames: two starts building at once never leave a half-written file. */
function writeAtomically(file, data) {
  mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, file)
}

/** esbuild is a dependency of its own (the same version tsx and vite use). */
function loadEsbuild() {
  return createRequire(import.meta.url)('esbuild')
}

// Each source module keeps its own URL as import.meta.url (esbuild would otherwise give them all the bundle's).
const keepModuleUrls = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      const contents = source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' }
    })
  },
}

export async function buildServerBundle() {
  const esbuild = loadEsbuild()
  const r = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Modules the server imports lazily (the importers and their readers, first start only) stay
    // lazy: each dynamic import becomes its own chunk, loaded when it is first needed.
    splitting: true,
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // For reading a stack trace against the sources (node --enable-source-maps); not loaded by
    // default, as parsing the map costs a tenth of a second at every start.
    sourcemap: 'linked',
    outdir,
    write: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [keepModuleUrls],
  })
  const inputs = Object.keys(r.metafile.inputs).sort()
  const hash = sourcesHash(inputs)
  // Chunks first, the entry and its manifest last: a start reading the old entry meanwhile still
  // finds its chunks (content-hashed names), which are pruned only once an hour old.
  const written = new Set(r.outputFiles.map((f) => f.path))
  for (const f of r.outputFiles) if (f.path !== bundle) writeAtomically(f.path, f.contents)
  writeAtomically(bundle, r.outputFiles.find((f) => f.path === bundle).contents)
  writeAtomically(manifest, JSON.stringify({ hash, inputs }))
  const chunks = path.join(outdir, 'chunks')
  for (const name of readdirSync(chunks)) {
    const file = path.join(chunks, name)
    if (!written.has(file) && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true })
  }
}

if (process.argv.includes('--build')) {
  await buildServerBundle()
} else {
  if (!isFresh()) {
    process.stdout.write('building the server bundle (first start or changed sources)…\n')
    await buildServerBundle()
  }
  await import(pathToFileURL(bundle).href)
}
