/**
 * npm run geodata -- <command>
 *   import [--dir DIR] [--only SOURCE[,SOURCE]] [--force] [--accept-changed]
 *                                                            import the official files (atomic, idempotent, checked)
 *   localities FILE                                          replace the localities with a ward -> locality CSV
 *   assets FILE [--name NAME]                                load a council asset list (CSV)
 *   local-ta FILE                                            load council temporary-accommodation counts (CSV)
 *   context london [--lads LAD,...] [--force] [--remove]      hold the rest of London (LSOAs, GPs, hospitals) around the borough (CONTEXT_DIR)
 *   sources                                                  list the source manifest
 *   fetch [--dir DIR] [--base-url URL] [--only SOURCE]       download the official files into GEODATA_DIR
 */
import { parseArgs } from 'node:util'
import { ConfigError, describeDatabase, loadConfig } from '../server/config'
import { openDatabase } from '../server/db/open'
import { fetchSources } from './fetch'
import { importAll, importLocalFile } from '../server/import/plan'
import { importContext, removeContext } from '../server/import/context'
import { CONTEXTS, type ContextName } from '../server/db/context'
import { consoleReporter } from '../server/import/progress'
import { sources } from './manifest'

const USAGE = `usage: npm run geodata -- <import|context|localities|assets|local-ta|sources|fetch> [options]
  import [--dir DIR] [--only SOURCE,...] [--force] [--accept-changed]
       files must match the manifest's checksums; --accept-changed imports newer publisher files
  localities FILE      ward -> locality CSV (ward_code,locality_name[,locality_code])
  assets FILE [--name NAME]   council asset list CSV (name,category, postcode or lon,lat or easting,northing)
  local-ta FILE        council TA placements CSV (area_code,households_in_ta)
  context london [--lads LAD,...] [--force] [--remove]   every other London LSOA as context (files from CONTEXT_DIR)
  sources              list every dataset with publisher, licence and URL
  fetch [--dir DIR] [--base-url URL] [--only SOURCE,...]`

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: 'string' }, only: { type: 'string' }, force: { type: 'boolean' }, 'accept-changed': { type: 'boolean' },
      'base-url': { type: 'string' }, lads: { type: 'string' }, remove: { type: 'boolean' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, file] = positionals
  if (!command || values.help) {
    process.stdout.write(USAGE + '\n')
    return command ? 0 : 2
  }
  const config = loadConfig()
  const dir = values.dir ?? config.geodataDir
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean)

  if (command === 'sources') {
    for (const s of sources()) {
      process.stdout.write(`${s.id}\n  ${s.title}\n  ${s.publisher} · ${s.licence} · ${s.vintage}\n  ${s.url}\n  files: ${s.files.map((f) => f.path).join(', ')}\n`)
    }
    return 0
  }
  if (command === 'fetch') {
    if (!dir) throw new Error('no GEODATA_DIR: pass --dir DIR')
    const r = await fetchSources({ dir, baseUrl: values['base-url'], only, log: (m) => process.stdout.write(m + '\n') })
    return r.failed.length ? 1 : 0
  }

  process.stdout.write(`database: ${describeDatabase(config)}
`)
  // Embedded: refused (naming the server's pid and port) while a server holds DATA_DIR.
  const { db } = await openDatabase(config, { purpose: 'geodata cli', log: (m) => process.stderr.write(`${m}
`) })
  try {
    const reporter = consoleReporter(process.stdout)
    if (command === 'import') {
      if (!dir) throw new Error('no geodata directory found: pass --dir DIR or set GEODATA_DIR')
      const r = await importAll(db.knex, { dir, la: config.LOCAL_AUTHORITY, only, force: values.force, acceptChanged: values['accept-changed'], reporter })
      process.stdout.write(r.changed ? `derived data rebuilt in ${r.derived?.ms} ms\n` : 'nothing changed\n')
      return 0
    }
    if (command === 'context') {
      if (!CONTEXTS.includes(file as ContextName)) throw new Error(`context needs one of: ${CONTEXTS.join(', ')}`)
      if (!config.contextDir) throw new Error('no CONTEXT_DIR: the London-wide files (raw/scale) were not found')
      if (values.remove) {
        const n = await removeContext(db.knex, file as ContextName, config.LOCAL_AUTHORITY)
        process.stdout.write(`context ${file}: ${n} datasets removed\n`)
        return 0
      }
      const lads = values.lads?.split(',').map((s) => s.trim()).filter(Boolean)
      const r = await importContext(db.knex, { dir: config.contextDir, la: config.LOCAL_AUTHORITY, name: file as ContextName, lads, force: values.force, reporter })
      process.stdout.write(`context ${file}: ${r.ms} ms; London comparators from the LSOAs held: ${r.comparators.join(', ') || 'none'}\n`)
      return 0
    }
    if (command === 'localities' || command === 'assets' || command === 'local-ta') {
      if (!file) throw new Error(`${command} needs a FILE`)
      const kind = command === 'local-ta' ? 'local_ta' : command === 'assets' ? 'assets' : 'localities'
      const r = await importLocalFile(db.knex, { kind, file, name: values.name, la: config.LOCAL_AUTHORITY, reporter })
      process.stdout.write(r.changed ? `derived data rebuilt in ${r.derived?.ms} ms\n` : 'nothing changed\n')
      return 0
    }
    process.stderr.write(`unknown command "${command}"\n${USAGE}\n`)
    return 2
  } finally {
    await db.close()
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // One clear line (file, row, column where known), not a stack trace.
    process.stderr.write(`${err instanceof ConfigError ? err.message : `geodata: ${err instanceof Error ? err.message : String(err)}`}\n`)
    process.exit(1)
  },
)
