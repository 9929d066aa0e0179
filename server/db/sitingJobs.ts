/**
 * The siting_jobs table: shared siting jobs on the server backend. Every write that ends or
 * reports on a run names the attempt it belongs to, so a run that lost its job changes nothing.
 */
import type { Queryable } from './connect'

export interface SitingJobRow {
  id: string
  status: 'running' | 'done' | 'failed' | 'cancelled'
  progress: unknown
  result: unknown
  error: unknown
  created_at: Date
  finished_at: Date | null
}

const VIEW = ['id', 'status', 'progress', 'result', 'error', 'created_at', 'finished_at']

/** Forgets finished jobs whose results have expired. */
export async function deleteExpiredJobs(q: Queryable): Promise<number> {
  return q('siting_jobs').where('expires_at', '<', q.fn.now()).delete()
}

export async function countRunningJobs(q: Queryable): Promise<number> {
  const r = (await q('siting_jobs').where({ status: 'running' }).count({ n: '*' }).first()) as { n: number | string }
  return Number(r.n)
}

export async function insertJob(q: Queryable, id: string, params: unknown, progress: unknown): Promise<SitingJobRow> {
  const [row] = await q('siting_jobs').insert({ id, params: JSON.stringify(params), progress: JSON.stringify(progress) }).returning(VIEW)
  return row as SitingJobRow
}

export async function readJob(q: Queryable, id: string): Promise<SitingJobRow | undefined> {
  return (await q('siting_jobs').where({ id }).first(VIEW)) as SitingJobRow | undefined
}

/** A run takes the job: its attempt number and the parameters, or undefined when the job is no longer running. */
export async function claimJob(q: Queryable, id: string): Promise<{ attempt: number; params: unknown } | undefined> {
  const [row] = await q('siting_jobs').where({ id, status: 'running' }).increment('attempt', 1).returning(['attempt', 'params'])
  return row as { attempt: number; params: unknown } | undefined
}

/** false: the job is no longer this attempt's (cancelled, or taken by a later run) */
export async function reportProgress(q: Queryable, id: string, attempt: number, progress: unknown): Promise<boolean> {
  const n = await q('siting_jobs').where({ id, attempt, status: 'running' }).update({ progress: JSON.stringify(progress) })
  return n > 0
}

export async function finishJob(
  q: Queryable, id: string, attempt: number | null, ttlMs: number,
  end: { status: 'done' | 'failed' | 'cancelled'; progress?: unknown; result?: unknown; error?: unknown },
): Promise<SitingJobRow | undefined> {
  const base = q('siting_jobs').where({ id, status: 'running' })
  if (attempt !== null) base.andWhere({ attempt })
  const [row] = await base.update({
    status: end.status,
    finished_at: q.fn.now(),
    expires_at: q.raw(`now() + make_interval(secs => ?)`, [ttlMs / 1000]),
    ...(end.progress !== undefined ? { progress: JSON.stringify(end.progress) } : {}),
    ...(end.result !== undefined ? { result: JSON.stringify(end.result) } : {}),
    ...(end.error !== undefined ? { error: JSON.stringify(end.error) } : {}),
  }).returning(VIEW)
  return row as SitingJobRow | undefined
}

/** Cancelled: the message says so, whatever progress said last. */
export async function cancelJob(q: Queryable, id: string, ttlMs: number): Promise<SitingJobRow | undefined> {
  const [row] = await q('siting_jobs').where({ id, status: 'running' }).update({
    status: 'cancelled',
    finished_at: q.fn.now(),
    expires_at: q.raw(`now() + make_interval(secs => ?)`, [ttlMs / 1000]),
    progress: q.raw(`jsonb_set(progress, '{message}', '"cancelled"')`),
  }).returning(VIEW)
  return row as SitingJobRow | undefined
}

/** Tells every node that a job was cancelled (the one running it stops its solve). */
export async function announceCancel(q: Queryable, channel: string, id: string): Promise<void> {
  await q.raw('SELECT pg_notify(?, ?)', [channel, id])
}
