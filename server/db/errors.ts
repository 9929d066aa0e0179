/** Recognises the errors that mean "the database is not there", as opposed to a bad query. */
const unavailableCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '53300', // too_many_connections
])

/**
 * Messages of errors without a code that mean the same. A database that stops answering without
 * refusing (a dead host, a partition, a frozen proxy) shows up as pg's own timeouts: query_timeout
 * ('Query read timeout') on a query already sent; connectionTimeoutMillis ('timeout expired' from
 * the client, 'timeout exceeded when trying to connect' / 'Connection terminated due to connection
 * timeout' from a pool) on a new connection. knex puts the SQL in front of a query's message
 * ("select ... - Query read timeout"), hence the anchors at the end.
 */
const unavailableMessages = [
  /Connection terminated/i, /connect ECONNREFUSED/i, /PGlite is closed/i,
  /Query read timeout$/, /(?:^| - )timeout expired$/, /timeout exceeded when trying to connect/i,
]

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false
  const e = err as { code?: string; name?: string; message?: string; errors?: unknown[] }
  if (e.name === 'KnexTimeoutError') return true
  if (e.code && unavailableCodes.has(e.code)) return true
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true // AggregateError from net
  return unavailableMessages.some((m) => m.test(e.message ?? ''))
}

/** A statement cancelled by statement_timeout. */
export function isStatementTimeout(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { code?: string }).code === '57014'
}

/**
 * Text the database cannot store: a NUL character (PostgreSQL text and jsonb refuse U+0000, 22021
 * and 22P05) or bytes that are not UTF-8. Always the client's data, so a 400, not a 500; the edge
 * should refuse such text first (lineText does), this catches the fields that do not.
 */
export function isUnstorableText(err: unknown): boolean {
  const code = !!err && typeof err === 'object' ? (err as { code?: string }).code : undefined
  return code === '22021' || code === '22P05'
}
