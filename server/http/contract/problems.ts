/**
 * The problem catalogue: every error the API answers with, as RFC 9457 problem type, title and
 * status, in one table. Errors carry data only; `problemKind` finds an error's entry (or its
 * nearest ancestor's), and server/http/problem.ts renders it. Clients switch on `type`.
 */
import { Conflict, DomainError, Forbidden, InvalidParameter, NotFound, TooManyJobs, Unauthorized, Unlocatable } from '../../domain/errors'
import { SignInUnavailable } from '../../domain/signIn'
import { CsrfRefused, PdfUnavailable, TooManyRequests, UnsupportedMediaType } from '../errors'

export const PROBLEM_BASE = '/problems/'

export interface ProblemKind {
  /** stable fragment of the type URI: /problems/<type> */
  type: string
  title: string
  status: number
}

/** The body every error response carries (application/problem+json). */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  [k: string]: unknown
}

type ErrorClass = abstract new (...args: never[]) => DomainError

const table: Array<[ErrorClass, ProblemKind]> = [
  [InvalidParameter, { type: 'invalid-parameter', title: 'Invalid parameter', status: 400 }],
  [Unauthorized, { type: 'unauthorized', title: 'Unauthorized', status: 401 }],
  [Forbidden, { type: 'forbidden', title: 'Forbidden', status: 403 }],
  [CsrfRefused, { type: 'csrf', title: 'Missing or wrong CSRF token', status: 403 }],
  [NotFound, { type: 'not-found', title: 'Not found', status: 404 }],
  [Conflict, { type: 'conflict', title: 'Conflict', status: 409 }],
  [UnsupportedMediaType, { type: 'unsupported-media-type', title: 'Unsupported media type', status: 415 }],
  [Unlocatable, { type: 'unlocatable', title: 'Cannot place this asset', status: 422 }],
  [TooManyRequests, { type: 'rate-limited', title: 'Too many requests', status: 429 }],
  [TooManyJobs, { type: 'siting-busy', title: 'Service unavailable', status: 503 }],
  [SignInUnavailable, { type: 'sign-in-unavailable', title: 'Sign-in unavailable', status: 503 }],
  [PdfUnavailable, { type: 'pdf-unavailable', title: 'PDF rendering unavailable', status: 503 }],
]

/** Problems the HTTP layer answers without a domain error (outages, parser failures, 500). */
export const infrastructureProblems = {
  databaseUnavailable: { type: 'database-unavailable', title: 'Service unavailable', status: 503 },
  timeout: { type: 'timeout', title: 'Service unavailable', status: 503 },
  internal: { type: 'internal', title: 'Internal error', status: 500 },
} as const satisfies Record<string, ProblemKind>

const byClass = new Map<unknown, ProblemKind>(table)

/** The catalogue entry of a domain error: its own class's, else the nearest listed ancestor's. */
export function problemKind(e: DomainError): ProblemKind {
  for (let c: unknown = e.constructor; c && c !== DomainError; c = Object.getPrototypeOf(c)) {
    const k = byClass.get(c)
    if (k) return k
  }
  throw new Error(`${e.name} is not in the problem catalogue (server/http/contract/problems.ts)`)
}

/** Every problem type the API can answer with, for the OpenAPI document. */
export const problemKinds = (): ProblemKind[] => [...table.map(([, k]) => k), ...Object.values(infrastructureProblems)]
