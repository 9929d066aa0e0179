import { z } from 'zod'

// NOTE: this file was accidentally overwritten by the statistical-readers helper at 02:37 and
// rebuilt from its only known use (lookups.ts). If you wrote the original, check its API here.

/**
 * A GSS code cell (nine characters: a three-character entity prefix such as E01 for LSOA, then six
 * digits), trimmed, whose prefix must be one of `prefixes`.
 *
 * @example
 * gssCodeCell(['E01', 'W01'], 'LSOA').parse(' E01000027 ') // 'E01000027'
 */
export function gssCodeCell(prefixes: readonly string[], label: string) {
  return z
    .string()
    .trim()
    .refine((code) => /^[EWSNK]\d{8}$/.test(code) && prefixes.includes(code.slice(0, 3)), {
      error: `expected a ${label} code (${prefixes.join(', ')} followed by 6 digits)`,
    })
}
