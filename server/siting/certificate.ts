/**
 * What a solve's bound certifies, in one place for the solver's method note, the API's summary and
 * the client's status line: an answer whose proven gap to the best possible is within
 * CERTIFIED_GAP is certified; beyond it the answer says plainly that it is not (e.g. a large
 * instance on a busy machine, where the bound had not converged when the time limit came).
 * Pure: the API sends the words (SitingResult.certificate), the client shows them.
 */

/** The largest proven gap (as a fraction) still called certified. */
export const CERTIFIED_GAP = 0.005

const percent = (x: number) => `${(x * 100).toLocaleString('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}%`

export const isCertified = (r: { status: string; gap: number }): boolean => r.status === 'optimal' || r.gap <= CERTIFIED_GAP

/** "not certified: gap 23.19% > 0.50%", or null when certified */
export function notCertifiedWords(r: { status: string; gap: number }): string | null {
  if (isCertified(r)) return null
  return Number.isFinite(r.gap) ? `not certified: gap ${percent(r.gap)} > ${percent(CERTIFIED_GAP)}` : `not certified: no bound within the time limit`
}

/** The planner's words for how good the answer is. */
export function certificateWords(r: { status: string; gap: number }): string {
  if (r.status === 'optimal') return 'the best possible answer for these choices (proven)'
  const not = notCertifiedWords(r)
  if (not) return `${not} (the best answer found in the time limit; how far it is from the best possible is not proven)`
  return `a good answer, certified at most ${percent(r.gap)} short of the best possible`
}
