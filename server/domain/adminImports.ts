/**
 * Admins run the geodata importers through the API. An import can take minutes, so it runs as a
 * job: POST starts it and answers 202 with the job, GET polls it. One import at a time per database.
 *
 * The whole run (every dataset, the derived rebuild and its audit row) is ONE transaction (each
 * dataset's own transaction becomes a savepoint): it lands completely or not at all. On the server
 * backend reads carry on from the previous snapshot meanwhile; on the embedded backend (a single
 * connection) requests wait for it, up to the pool's acquire timeout.
 *
 * Without `only`, every planned source is imported, and the localities too unless an editor has
 * replaced the provisional definition (re-importing the default would undo their work).
 *
 * The runner is one of the server's services (server/services.ts): built once per database, it
 * remembers the recent jobs of this process.
 */
import { randomUUID } from 'node:crypto'
import { datasetImports, type DatasetImportRow } from '../db/catalogue'
import { importAll, plan, type ImportAllResult } from '../import/plan'
import type { Reporter } from '../import/runner'
import type { Database } from '../db/connect'
import { datasetVintage } from '../db/status'
import { recordAudit, type WriteContext } from './audit'
import { Conflict, InvalidParameter, NotFound } from './errors'

export const IMPORT_SOURCES = [...plan.map((p) => p.source), 'localities'] as const

export interface ImportJob {
  id: string
  status: 'running' | 'succeeded' | 'failed'
  only: string[]
  force: boolean
  acceptChanged: boolean
  requestedBy: string
  startedAt: string
  finishedAt: string | null
  result: ImportAllResult | null
  error: string | null
  /** how far it has got: the dataset being read and its rows, and each dataset finished so far */
  progress: ImportProgress
}

export interface ImportProgress {
  /** datasets asked for, and how many have finished */
  steps: number
  finished: number
  current: { id: string; title: string; done: number; total: number } | null
  datasets: Array<{ id: string; status: string; loaded: number | null; ms: number }>
}

type Edition = Pick<DatasetImportRow, 'vintage' | 'checksum' | 'imported_at' | 'rows_loaded'>
const editions = (rows: DatasetImportRow[]): Map<string, Edition> =>
  new Map(rows.map((r) => [r.id, { vintage: r.vintage, checksum: r.checksum, imported_at: r.imported_at, rows_loaded: r.rows_loaded }]))
/** The editions of the datasets named (null for one not imported before). */
const pick = (m: Map<string, Edition>, ids: string[]) => Object.fromEntries(ids.map((id) => [id, m.get(id) ?? null]))

/** A reporter that writes into the job's progress as the import runs (polled by GET). */
function progressReporter(p: ImportProgress): Reporter {
  return {
    start(id, title) { p.current = { id, title, done: 0, total: 0 } },
    progress(id, done, total) { if (p.current?.id === id) Object.assign(p.current, { done, total }) },
    done(id, r) {
      p.current = null
      p.finished++
      p.datasets.push({ id, status: r.status, loaded: r.loaded ?? null, ms: r.ms })
    },
  }
}

/** Each imported dataset's files, checksum, edition, rows and time of import, for the admins' view. */
export function importedDatasets(db: Database): Promise<DatasetImportRow[]> {
  return datasetImports(db.knex)
}

/** Most recent jobs kept, for polling. */
const KEEP_JOBS = 20

async function defaultSources(db: Database): Promise<string[]> {
  const vintage = await datasetVintage(db.knex, 'localities')
  const keepEdited = vintage !== null && vintage !== 'provisional'
  return IMPORT_SOURCES.filter((s) => s !== 'localities' || !keepEdited)
}

/**
 * Starts an import job and returns it at once; `done` settles when it finishes (tests and the CLI
 * await it, the HTTP route does not).
 */
export class ImportRunner {
  private readonly jobs: ImportJob[] = []
  /** the import under way, so shutdown can wait for it */
  private running: Promise<unknown> = Promise.resolve()

  constructor(private readonly db: Database) {}

  async start(
    ctx: WriteContext, o: { dir: string | undefined; la: string; only?: string[]; force?: boolean; acceptChanged?: boolean },
  ): Promise<{ job: ImportJob; done: Promise<ImportJob> }> {
    const db = this.db
    if (!o.dir) throw new Conflict('No geodata directory is configured (GEODATA_DIR), so there is nothing to import.')
    const unknown = (o.only ?? []).filter((s) => !(IMPORT_SOURCES as readonly string[]).includes(s))
    if (unknown.length) {
      throw new InvalidParameter(`Unknown source(s): ${unknown.join(', ')}`, [{ path: 'body.only', message: `each must be one of ${IMPORT_SOURCES.join(', ')}` }])
    }
    const list = this.jobs
    const running = list.find((j) => j.status === 'running')
    if (running) throw new Conflict(`Import ${running.id} is still running; poll /api/admin/imports/${running.id}.`)
    const only = o.only ?? (await defaultSources(db))
    const job: ImportJob = {
      id: randomUUID(), status: 'running', only, force: o.force ?? false, acceptChanged: o.acceptChanged ?? false, requestedBy: ctx.actor.id ?? ctx.actor.name,
      startedAt: new Date().toISOString(), finishedAt: null, result: null, error: null,
      progress: { steps: only.length, finished: 0, current: null, datasets: [] },
    }
    list.unshift(job)
    list.splice(KEEP_JOBS)
    const dir = o.dir
    const done = db
      .transaction(async (trx) => {
        const was = editions(await datasetImports(trx))
        const result = await importAll(trx, { dir, la: o.la, only, force: job.force, acceptChanged: job.acceptChanged, reporter: progressReporter(job.progress) })
        // before and after: each dataset's edition, files' checksum and import time, as the trail shows them
        const ids = result.datasets.map((d) => d.id)
        const now = editions(await datasetImports(trx))
        await recordAudit(trx, ctx, {
          action: 'import.run', entity: 'import', entityId: job.id, before: { editions: pick(was, ids) },
          after: { only, force: job.force, acceptChanged: job.acceptChanged, changed: result.changed, datasets: result.datasets.map((d) => ({ id: d.id, status: d.status, loaded: d.loaded ?? null })), editions: pick(now, ids) },
        })
        return result
      })
      .then(
        (result) => Object.assign(job, { status: 'succeeded', result, finishedAt: new Date().toISOString() }),
        async (err: unknown) => {
          Object.assign(job, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date().toISOString() })
          // The run rolled back and changed nothing; the attempt is still worth a line in the trail.
          await db
            .transaction((trx) => recordAudit(trx, ctx, { action: 'import.fail', entity: 'import', entityId: job.id, before: null, after: { only, error: job.error } }))
            .catch(() => {})
          return job
        },
      )
    this.running = done
    return { job: { ...job }, done }
  }

  get(id: string): ImportJob {
    const job = this.jobs.find((j) => j.id === id)
    if (!job) throw new NotFound(`No import job ${id} (only the last ${KEEP_JOBS} are kept, and none survive a restart)`)
    return job
  }

  list(): ImportJob[] {
    return this.jobs
  }

  /** resolves when the running import (if any) has finished, for shutdown */
  async drain(): Promise<void> {
    await this.running.catch(() => {})
  }
}
