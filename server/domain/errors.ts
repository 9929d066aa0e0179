/**
 * Typed errors the domain throws. The HTTP layer renders each once as application/problem+json
 * (RFC 9457); `type` is a stable URI fragment clients can switch on.
 */
export class DomainError extends Error {
  constructor(
    public readonly status: number,
    public readonly type: string,
    public readonly title: string,
    detail: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(detail)
    this.name = new.target.name
  }
}

export class NotFound extends DomainError {
  constructor(what: string, extra: Record<string, unknown> = {}) {
    super(404, 'not-found', 'Not found', what, extra)
  }
}

export class InvalidParameter extends DomainError {
  constructor(detail: string, public readonly issues: Array<{ path: string; message: string }> = []) {
    super(400, 'invalid-parameter', 'Invalid parameter', detail, issues.length ? { issues } : {})
  }
}

export class Unauthorized extends DomainError {
  constructor(detail = 'A valid bearer token is required for this action.') {
    super(401, 'unauthorized', 'Unauthorized', detail)
  }
}

export class Forbidden extends DomainError {
  constructor(detail = 'Your role does not allow this action.') {
    super(403, 'forbidden', 'Forbidden', detail)
  }
}

export class Conflict extends DomainError {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail)
  }
}

export class DatabaseUnavailable extends DomainError {
  constructor(detail = 'The database is not reachable; try again in a few seconds.') {
    super(503, 'database-unavailable', 'Service unavailable', detail)
  }
}
