/**
 * LISTEN for one channel, on either backend: a dedicated pg client on the server (reconnecting
 * after a loss, since a pooled connection may be handed to anyone), PGlite's own listen embedded.
 * The handlers hear each payload and whether the listener is connected: while it is not,
 * notifications may be missed, so whoever relies on them must fall back to asking.
 */
import type { PGlite } from '@electric-sql/pglite'

export interface NotificationHandlers {
  notify(payload: string): void
  /** true once LISTEN is in place (again); false when the listener's connection is lost */
  state(listening: boolean): void
}

export interface Listening {
  stop(): Promise<void>
}

export type Listen = (channel: string, h: NotificationHandlers) => Listening

/** Reconnect backoff: the first retry soon (a restarted server is usually back at once), then doubling to a ceiling. */
const RETRY_FIRST_MS = 100
const RETRY_MAX_MS = 5000

function checkChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a channel name: ${channel}`)
}

/**
 * Listening on a PostgreSQL server through its own connection, reconnected after a loss with
 * backoff (100 ms doubling to 5 s, reset once LISTEN is in place again).
 */
export function serverListen(url: string): Listen {
  return (channel, h) => {
    checkChannel(channel)
    let stopped = false
    let client: import('pg').Client | undefined
    let retry: NodeJS.Timeout | undefined
    let delay = RETRY_FIRST_MS
    const schedule = () => {
      if (stopped) return
      retry = setTimeout(() => void open(), delay)
      retry.unref()
      delay = Math.min(delay * 2, RETRY_MAX_MS)
    }
    const open = async () => {
      const pg = (await import('pg')).default
      const c = new pg.Client({ connectionString: url, application_name: 'locality-atlas-listen', keepAlive: true, connectionTimeoutMillis: 5000 })
      client = c
      let gone = false
      const lost = () => {
        if (gone) return
        gone = true
        if (client === c) client = undefined
        h.state(false)
        c.end().catch(() => {})
        schedule()
      }
      c.on('notification', (m) => { if (m.channel === channel && m.payload != null) h.notify(m.payload) })
      c.on('error', lost)
      c.on('end', lost)
      try {
        await c.connect()
        await c.query(`LISTEN ${channel}`)
      } catch {
        lost()
        return
      }
      if (stopped) { gone = true; await c.end().catch(() => {}); return }
      delay = RETRY_FIRST_MS
      h.state(true)
    }
    void open()
    return {
      stop: async () => {
        stopped = true
        clearTimeout(retry)
        const c = client
        client = undefined
        await c?.end().catch(() => {})
      },
    }
  }
}

/** Listening inside the embedded database (one process, one instance: nothing to lose). */
export function embeddedListen(pglite: PGlite): Listen {
  return (channel, h) => {
    checkChannel(channel)
    let stopped = false
    const unsub = pglite.listen(channel, (payload) => h.notify(payload)).then((u) => {
      if (!stopped) h.state(true)
      return u
    })
    unsub.catch(() => h.state(false))
    return {
      stop: async () => {
        stopped = true
        await unsub.then((u) => u(), () => {})
      },
    }
  }
}
