/**
 * Typed errors the domain throws. They carry what a caller needs (the detail, and data such as the
 * parameter issues), never an HTTP status: the problem catalogue (server/http/contract/problems.ts)
 * maps each class to its problem type, title and status, and the HTTP layer renders it once.
 */
export class DomainError extends Error {
  constructor(
    detail: string,
    /** members added to the problem document (for example `issues`) */
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(detail)
    this.name = new.target.name
  }
}

export class NotFound extends DomainError {}

export class InvalidParameter extends DomainError {
  constructor(detail: string, public readonly issues: Array<{ path: string; message: string }> = []) {
    super(detail, issues.length ? { issues } : {})
  }
}

export class Unauthorized extends DomainError {
  constructor(detail = 'A valid bearer token is required for this action.') {
    super(detail)
  }
}

export class Forbidden extends DomainError {
  constructor(detail = 'Your role does not allow this action.') {
    super(detail)
  }
}

export class Conflict extends DomainError {}

/** A place for an asset that cannot be found (unknown postcode) or lies too far from the borough. */
export class Unlocatable extends DomainError {}

/** Every siting job the server keeps is still running. */
export class TooManyJobs extends DomainError {
  constructor(public readonly max: number, detail?: string) {
    super(detail ?? `All ${max} siting jobs the server keeps are still running; try again when one finishes, or cancel one.`)
  }
}
