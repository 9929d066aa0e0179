/**
 * The one place that reads `process.env`. Every setting is declared here with its default and a
 * sentence saying what it is for; the README's configuration table is generated from `settings`
 * (`npm run config:doc`). Parsing fails fast and lists every problem at once.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const port = z.coerce.number().int().min(1).max(65535)
const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))

/** Host names an http:// issuer may use (a provider started on this machine, as the tests do). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

const databaseUrl = z
  .string()
  .refine((s) => {
    try {
      const u = new URL(s)
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.pathname.length > 1
    } catch {
      return false
    }
  }, 'must be a postgres://user:password@host:port/database URL')

/** Each setting: its environment name, schema, default and documentation. */
export const settings = {
  PORT: { schema: port, default: '3000', doc: 'TCP port the HTTP server listens on.' },
  HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'Interface to listen on (0.0.0.0 in a container).' },
  DATABASE_URL: {
    schema: databaseUrl.optional(),
    default: undefined,
    doc: 'PostgreSQL/PostGIS server to use. Unset: the embedded PGlite + PostGIS database in DATA_DIR.',
  },
  MIGRATION_DATABASE_URL: {
    schema: databaseUrl.optional(),
    default: undefined,
    doc: 'Server backend, production: the owner role that runs migrations at start-up. Set it, and point DATABASE_URL at a role granted atlas_runtime, so the running app cannot alter or empty audit_log. Unset: DATABASE_URL runs them.',
  },
  DATA_DIR: {
    schema: z.string().min(1),
    default: path.join(projectRoot, 'data', 'pglite'),
    doc: 'Directory of the embedded database (created on first start, reused after).',
  },
  GEODATA_DIR: {
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Where official source files are read from. Default: the first of geodata/raw and ../shared/geodata/raw that exists.',
  },
  CONTEXT_DIR: {
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Where the London- and England-wide files for `npm run geodata -- context london` are read from (the rest of London held around LOCAL_AUTHORITY, which stays the focus). Default: the scale folder of the geodata directory, else ../shared/geodata/raw/scale. Never copied into the project.',
  },
  LOCAL_AUTHORITY: {
    schema: z.string().regex(/^E0[6-9]\d{6}$/, 'must be an ONS local authority code such as E09000002'),
    default: 'E09000002',
    doc: 'ONS code of the local authority the service is about; importers keep only its areas.',
  },
  AUTO_IMPORT: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: 'true',
    doc: 'Import every dataset from GEODATA_DIR at start-up when the database holds no boundaries yet.',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    doc: 'pino log level.',
  },
  ALLOWED_ORIGINS: {
    schema: csv,
    default: '',
    doc: 'Comma-separated origins allowed by CORS (empty: same origin only).',
  },
  EDITOR_TOKENS: {
    schema: csv,
    default: '',
    doc: 'Comma-separated bearer tokens allowed to write (saved scenarios, imports) until user accounts land.',
  },
  STATEMENT_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100).max(600_000),
    default: '15000',
    doc: 'Server backend: per-statement timeout, so no request waits on the database forever.',
  },
  DB_POOL_MAX: {
    schema: z.coerce.number().int().min(1).max(100),
    default: '10',
    doc: 'Server backend: maximum pooled connections, for queries and again for tile statements (a pool of their own), so up to twice this.',
  },
  PUBLIC_URL: {
    schema: z.string().url().refine((s) => /^https?:\/\/[^/?#]+\/?$/.test(s), 'must be an http(s) origin such as https://atlas.example.gov.uk, with no path').transform((s) => s.replace(/\/$/, '')).optional(),
    default: undefined,
    doc: 'Origin clients reach the service on, used for every absolute URL (TileJSON, OGC links, basemap style). Unset: built from the request, with the Host header checked against ALLOWED_HOSTS.',
  },
  ALLOWED_HOSTS: {
    schema: csv,
    default: '',
    doc: 'Host names (with optional :port) accepted in the Host header when PUBLIC_URL is unset; other hosts get 400. Empty: any well-formed host.',
  },
  TRUST_PROXY: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: 'false',
    doc: 'Behind nginx or a load balancer: trust X-Forwarded-For/-Proto, so limits count client addresses and HTTPS is recognised.',
  },
  HTTPS_HEADERS: {
    schema: z.enum(['auto', 'always', 'never']),
    default: 'auto',
    doc: 'When to send HSTS and CSP upgrade-insecure-requests: auto (only on requests that arrived over HTTPS), always, or never. Sending them over plain http breaks a LAN deployment.',
  },
  SERVE_CLIENT: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: 'true',
    doc: 'Serve the built map client (dist/client) from the same process.',
  },
  SOLVER_WORKERS: {
    schema: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]),
    default: 'auto',
    doc: 'Worker threads solving siting problems at once on this node (others wait). auto: one per core, at most 2.',
  },
  JOB_CONCURRENCY: {
    schema: z.coerce.number().int().min(1).max(64),
    default: '4',
    doc: 'Server backend: siting jobs this node takes from the shared queue at once (each builds its instance, then waits for a solver worker).',
  },
  JOB_MAX_RUNNING: {
    schema: z.coerce.number().int().min(1).max(10_000),
    default: '50',
    doc: 'Siting jobs running at once (on the server backend: across all nodes) before a new one is refused with 503; embedded: jobs remembered in memory.',
  },
  JOB_RESULT_MINUTES: {
    schema: z.coerce.number().int().min(1).max(7 * 24 * 60),
    default: '15',
    doc: 'How long a finished siting job (its result or error) stays readable.',
  },
  JOB_EXPIRE_SECONDS: {
    schema: z.coerce.number().int().min(5).max(3600),
    default: '120',
    doc: 'Server backend: longest one run of a siting job may take on a node (keep it above the 20 s solve limit plus the database work); a job whose node died is retried by another within JOB_EXPIRE_SECONDS + 2 x JOB_MAINTENANCE_SECONDS + 1 s.',
  },
  JOB_MAINTENANCE_SECONDS: {
    schema: z.coerce.number().int().min(1).max(3600),
    default: '15',
    doc: 'Server backend: how often the job queue looks for jobs whose node died (and archives old ones).',
  },
  JOB_RETRY_LIMIT: {
    schema: z.coerce.number().int().min(0).max(20),
    default: '3',
    doc: 'Server backend: how many times a siting job is started again after its node died or shut down, before it is reported failed.',
  },
  RATE_LIMIT_SCOPE: {
    schema: z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, _ . - (at most 40)'),
    default: 'atlas',
    doc: 'Server backend: name of the rate-limit counters kept in PostgreSQL (schema rate_limit); nodes with the same scope share their limits. Embedded: limits are per process.',
  },
  SHUTDOWN_GRACE_MS: {
    schema: z.coerce.number().int().min(1000).max(600_000),
    default: '10000',
    doc: 'On SIGTERM/SIGINT: how long requests in flight may take to finish (running siting jobs are handed back at once) before the process exits anyway.',
  },
  TILE_CACHE_BYTES: {
    schema: z.coerce.number().int().min(0).max(16 * 1024 ** 3),
    default: String(32 * 1024 * 1024),
    doc: 'Bytes of rendered vector tiles each node keeps in memory (0: none).',
  },
  OIDC_ISSUER: {
    schema: z.string().url().refine((s) => {
      const u = new URL(s)
      return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname))
    }, 'must be an https:// issuer URL (http:// only on a loopback address, for tests)').optional(),
    default: undefined,
    doc: "OpenID Connect issuer of the council's identity provider (Entra ID, Keycloak, Okta...), for people to sign in with (authorization code + PKCE). Unset: sign-in is off and only API tokens open writes.",
  },
  OIDC_CLIENT_ID: { schema: z.string().min(1).optional(), default: undefined, doc: 'Client id registered with the identity provider (redirect URI: PUBLIC_URL/api/auth/callback).' },
  OIDC_CLIENT_SECRET: { schema: z.string().min(1).optional(), default: undefined, doc: 'Client secret for that client id (client_secret_basic).' },
  OIDC_PROVIDER_NAME: { schema: z.string().min(1).max(60).optional(), default: undefined, doc: 'Name on the sign-in button ("Sign in with NAME"). Unset: the issuer host name.' },
  OIDC_SCOPES: { schema: z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid'), default: 'openid profile email', doc: 'Scopes asked for at sign-in, space-separated (add the one that releases the groups or roles claim, if the provider needs it).' },
  OIDC_ROLES_CLAIM: { schema: z.string().min(1), default: 'groups', doc: "Claim of the ID token or userinfo that lists the person's groups or roles (groups, roles, or a provider-specific name)." },
  OIDC_ROLE_MAP: {
    schema: z.string().transform((s, ctx) => {
      const map: Record<string, 'viewer' | 'editor' | 'admin'> = {}
      for (const pair of s.split(',').map((x) => x.trim()).filter(Boolean)) {
        const m = /^(.+?)\s*=\s*(viewer|editor|admin)$/.exec(pair)
        if (!m) { ctx.addIssue({ code: 'custom', message: `"${pair}" is not group=viewer|editor|admin` }); continue }
        map[m[1].trim()] = m[2] as 'viewer' | 'editor' | 'admin'
      }
      return map
    }),
    default: '',
    doc: 'Comma-separated group=role pairs, e.g. "atlas-editors=editor,atlas-admins=admin": the highest role among the groups a person is in. Anyone else who signs in is a viewer.',
  },
  SESSION_SECRET: { schema: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 48)').optional(), default: undefined, doc: 'Secret that signs the session cookie (HMAC-SHA256) and derives its CSRF token; required with OIDC_ISSUER. Changing it signs everyone out.' },
  SESSION_HOURS: { schema: z.coerce.number().positive().max(24 * 30), default: '8', doc: 'How long a sign-in lasts before the person signs in again.' },
  CHROMIUM_PATH: {
    schema: z.string().min(1),
    default: '/usr/bin/chromium',
    doc: 'Headless Chromium that renders the printable locality report to PDF (launched on the first request, offline; Debian package chromium).',
  },
} as const

type Settings = typeof settings
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> } & {
  backend: 'embedded' | 'server'
  geodataDir: string | undefined
  /** the London- and England-wide files (CONTEXT_DIR, else <geodata dir>/scale when it exists) */
  contextDir: string | undefined
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parse settings from an environment (default: process.env). Throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = []
  const out: Record<string, unknown> = {}
  for (const [key, s] of Object.entries(settings)) {
    const raw = env[key] === '' && s.default === undefined ? undefined : (env[key] ?? s.default)
    const r = (s.schema as z.ZodType).safeParse(raw)
    if (r.success) out[key] = r.data
    else problems.push(`${key}=${JSON.stringify(env[key] ?? '')}: ${r.error.issues.map((i) => i.message).join('; ')}`)
  }
  if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) problems.push('MIGRATION_DATABASE_URL is set without DATABASE_URL: it names the schema owner of a PostgreSQL server the app reaches through DATABASE_URL')
  if (env.OIDC_ISSUER) {
    for (const k of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'SESSION_SECRET']) if (!env[k]) problems.push(`${k} is required with OIDC_ISSUER`)
  }
  if (problems.length) throw new ConfigError(problems)
  const cfg = out as Omit<Config, 'backend' | 'geodataDir' | 'contextDir'>
  const geodataDir = resolveGeodataDir(cfg.GEODATA_DIR)
  // As the scale tests read them: beside the geodata directory, else in ../shared beside the clone.
  const scale = [geodataDir && path.join(geodataDir, 'scale'), path.join(projectRoot, '..', 'shared', 'geodata', 'raw', 'scale')].find((d) => d && existsSync(d))
  return {
    ...cfg,
    backend: cfg.DATABASE_URL ? 'server' : 'embedded',
    geodataDir,
    contextDir: cfg.CONTEXT_DIR ? path.resolve(cfg.CONTEXT_DIR) : scale || undefined,
  } as Config
}

function resolveGeodataDir(explicit: string | undefined): string | undefined {
  if (explicit) return path.resolve(explicit)
  const candidates = [path.join(projectRoot, 'geodata', 'raw'), path.join(projectRoot, '..', 'shared', 'geodata', 'raw')]
  return candidates.find((c) => existsSync(c))
}

/** Where the database is, for logs: never the password. */
export function describeDatabase(cfg: Config): string {
  if (!cfg.DATABASE_URL) return `embedded PGlite at ${cfg.DATA_DIR}`
  const u = new URL(cfg.DATABASE_URL)
  return `server ${u.hostname}:${u.port || 5432}${u.pathname} as ${decodeURIComponent(u.username) || '(default user)'}`
}

/**
 * The environment for a child process of this one (the fleet script's nodes): this process's
 * settings with some replaced, so the children read them through loadConfig as usual.
 */
export function childEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides }
}

/** For command-line entry points: the config, or every problem on stderr and exit code 2 (no stack trace). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
}
