/**
 * Token administration from the shell, for the first admin and for emergencies:
 *
 *   npm run admin -- create-admin --name "Jo Bloggs" [--expires-days 90]   prints the token once (stdout)
 *   npm run admin -- create-token --name NAME --role editor [--expires-days N]
 *   npm run admin -- list-tokens
 *   npm run admin -- revoke-token ID
 *
 * Uses the configured database (DATABASE_URL, else the embedded one in DATA_DIR) and migrates it if
 * needed. On the embedded backend it takes DATA_DIR's owner lock, so while a server runs on it the
 * command is refused with the server's pid and port (stop it first, or use the admin API). Every change
 * is audited with actor "cli".
 */
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { ROLES, type Role } from '../auth/roles'
import { loadConfigOrExit } from '../config'
import type { Database } from '../db/connect'
import { openDatabase } from '../db/open'
import type { WriteContext } from '../domain/audit'
import { issueToken, revokeToken, tokenList, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../domain/auth'
import { DomainError } from '../domain/errors'

const USAGE = `usage:
  admin create-admin --name NAME [--expires-days N]
  admin create-token --name NAME --role viewer|editor|admin [--expires-days N]
  admin list-tokens
  admin revoke-token ID`

export interface CliIo {
  out(line: string): void
  err(line: string): void
}

const cliContext = (): WriteContext => ({
  actor: { id: 'cli', name: `cli (${safeUser()})`, role: 'admin' },
  requestId: null,
})

function safeUser(): string {
  try {
    return os.userInfo().username
  } catch {
    return 'unknown user'
  }
}

class UsageError extends Error {}

function days(v: string | undefined): number {
  if (v === undefined) return TOKEN_DEFAULT_DAYS
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > TOKEN_MAX_DAYS) throw new UsageError(`--expires-days must be a whole number from 1 to ${TOKEN_MAX_DAYS}`)
  return n
}

/** Runs one command against `db`; returns the exit code. */
export async function runAdminCli(argv: string[], db: Database, io: CliIo): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { name: { type: 'string' }, role: { type: 'string' }, 'expires-days': { type: 'string' } },
    })
    const [command, ...rest] = positionals
    switch (command) {
      case 'create-admin':
      case 'create-token': {
        const name = values.name?.trim()
        if (!name || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) throw new UsageError('--name is required: 1 to 200 characters, no control characters')
        const role = (command === 'create-admin' ? 'admin' : values.role) as Role
        if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
        const t = await issueToken(db, cliContext(), { name, role, expiresDays: days(values['expires-days']) })
        io.err(`Created ${t.role} token ${t.id} for "${t.name}", expiring ${t.expires_at}. It is shown once; store it now:`)
        io.out(t.token)
        return 0
      }
      case 'list-tokens': {
        for (const t of await tokenList(db)) {
          const state = t.status === 'revoked' ? `revoked ${t.revoked_at}` : t.status === 'expired' ? `expired ${t.expires_at}` : `active, expires ${t.expires_at}`
          io.out([t.id, t.role, t.name, state].join('\t'))
        }
        return 0
      }
      case 'revoke-token': {
        if (rest.length !== 1 || !/^[0-9a-f]{10}$/.test(rest[0])) throw new UsageError('revoke-token takes one token id (10 hex digits)')
        const t = await revokeToken(db, cliContext(), rest[0])
        io.err(`Revoked token ${t.id} ("${t.name}") at ${t.revoked_at}.`)
        return 0
      }
      default:
        throw new UsageError(command ? `unknown command: ${command}` : 'no command given')
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${err.message}\n${USAGE}`)
      return 2
    }
    if (err instanceof DomainError) {
      io.err(err.message)
      return 1
    }
    throw err
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit()
  // Embedded: refused (naming the server's pid and port) while a server holds DATA_DIR.
  const { db } = await openDatabase(config, { purpose: 'admin cli', log: (m) => process.stderr.write(`${m}
`) })
  let code = 1
  try {
    code = await runAdminCli(process.argv.slice(2), db, {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
    })
  } finally {
    await db.close()
  }
  process.exit(code)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
