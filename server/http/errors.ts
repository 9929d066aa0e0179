/**
 * Errors only the HTTP layer raises (the media type of a body, rate limits, a PDF renderer the
 * server was started without). Like domain errors they carry data; the problem catalogue gives
 * them their type, title and status.
 */
import { DomainError } from '../domain/errors'

export class UnsupportedMediaType extends DomainError {
  constructor(given: string | undefined) {
    super(`The request body must be JSON sent as Content-Type: application/json${given ? ` (got ${given.slice(0, 100)})` : ' (no Content-Type given)'}.`)
  }
}

export class TooManyRequests extends DomainError {}

export class PdfUnavailable extends DomainError {
  constructor() {
    super('This server renders no PDFs; open the report page (report.html) and print it from the browser.')
  }
}

/** A write authenticated by the session cookie without the matching X-CSRF-Token header. */
export class CsrfRefused extends DomainError {}
