/**
 * Errors beside the field they concern, in words a locality lead understands: never an API path
 * or a request field name. A form checks what it can before sending; what the service refuses
 * comes back as problem+json whose issue paths (body.threshold, query.distance) say which field.
 */
import { ApiError } from '../api'

/** Shows `message` under the field (aria-invalid, aria-describedby) and returns the message element. */
export function showFieldError(field: HTMLElement, message: string): HTMLElement {
  const id = `${field.id}-error`
  let p = document.getElementById(id)
  if (!p) {
    p = document.createElement('p')
    p.id = id
    p.className = 'field-error'
    p.setAttribute('role', 'alert')
    field.insertAdjacentElement('afterend', p)
  }
  p.textContent = message
  field.setAttribute('aria-invalid', 'true')
  const described = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== id)
  field.setAttribute('aria-describedby', [...described, id].join(' '))
  return p
}

/** Removes every field error inside `root`. */
export function clearFieldErrors(root: HTMLElement): void {
  for (const p of root.querySelectorAll('.field-error')) {
    const field = root.querySelector<HTMLElement>(`[aria-describedby~="${p.id}"]`)
    if (field) {
      field.removeAttribute('aria-invalid')
      const rest = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== p.id)
      if (rest.length) field.setAttribute('aria-describedby', rest.join(' '))
      else field.removeAttribute('aria-describedby')
    }
    p.remove()
  }
}

/**
 * The service's message without the request machinery: no "Could not load /api/...: 400", no
 * "body.threshold:" prefix. A connection failure says so plainly.
 */
export function plainWords(err: unknown): string {
  if (err instanceof ApiError && err.status === 0) return 'The service did not answer. Check the connection and try again.'
  let m = err instanceof Error ? err.message : String(err)
  m = m.replace(/^Could not [^:]*?(\/api\/\S*)?:\s*(\d{3}\s+)?/, '')
  m = m.replace(/\b(body|query|params)\.[\w.]+:\s*/g, '')
  m = m.replace(/\s*\(?GET \/api\/[^)]*\)?/g, '')
  m = m.replace(/\/api\/\S+/g, 'the service')
  // the solver's letter for the number of hubs
  m = m.replace(/\bp = (\d+) hubs\b/g, '$1 hubs')
  m = m.trim()
  return m ? m[0].toUpperCase() + m.slice(1) : 'Something went wrong; try again.'
}

/** The issue paths of a problem+json refusal (ApiError.issues), or [] */
export function issuePaths(err: unknown): string[] {
  return err instanceof ApiError ? (err.issues ?? []).map((i) => i.path) : []
}
