/**
 * The hostile-input corpus: fast-check arbitraries for the values an attacker or a broken client
 * sends (SQL injection, numbers that are not numbers, unicode and control characters, GeoJSON where
 * a number belongs, deep nesting), the raw JSON texts JSON.stringify cannot produce (1e999, NaN),
 * and the checks every answer must pass. Generation is seeded, so the corpus is the same each run.
 */
import fc from 'fast-check'

export const SEED = 20261126

export const sqlInjection = [
  "' OR '1'='1", "' OR 1=1 --", "1; DROP TABLE assets; --", "'); DELETE FROM audit_log; --",
  "1' UNION SELECT token_hash, name FROM api_tokens --", "$$; SELECT pg_sleep(30); $$", "E01000027'--",
  "%' AND 1=1 --", "\\'; TRUNCATE suggestions CASCADE; --", "1 AND (SELECT 1 FROM pg_sleep(10))", '" OR ""="',
  "'||(SELECT current_setting('server_version'))||'", "LOC-WEST' OR 'a'='a", 'lsoa21; COPY areas TO PROGRAM \'id\'',
]

/** Text that is a number to JavaScript's Number() but should not be one here, or no number at all. */
export const numberish = [
  'NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '1e999', '9007199254740993', '1e-400', '0x10', '0b11', '0o7', '-0',
  '1_000', '١٢٣', ' 7 ', '+5', '.5', '5.', '1e3', '', ' ', '99999999999999999999999999', '-1', '0', '3.0000000000000001',
]

export const pathTricks = ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%00', '%', '%zz', '%C0%AF', '%FF%FE', '%E2%80%AE', '~', '..', '.', '%20']

const controls = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 })
const bidi = fc.constantFrom('\u202e', '\u2066', '\u2028', '\u2029', '\ufeff', '\u200b', '\u0085', '\ud800', '\udfff', '\uffff')

/** One hostile string: injections, numberish text, raw unicode (lone surrogates included), controls, long text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...sqlInjection) },
  { weight: 3, arbitrary: fc.constantFrom(...numberish) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: controls },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...sqlInjection, 'LOC-WEST', 'imd_score_2019', '12'), bidi, controls).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('<script>alert(1)</script>', '{{7*7}}', '${7*7}', '__proto__', 'constructor', 'null', 'undefined', 'true') },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 3000 }).map((n) => 'x'.repeat(n)) },
)

/** Percent-encodes for a URL; a lone surrogate, which encodeURIComponent refuses, goes as raw WTF-8 bytes. */
export function enc(s: string): string {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`
    else out += encodeURIComponent(ch)
  }
  return out
}

/** A URL component: an encoded hostile string, or a raw trick left as it is (bad escapes, traversal). */
export const hostileUrlPart: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileString.map(enc) },
  { weight: 1, arbitrary: fc.constantFrom(...pathTricks) },
)

const DEPTH = 20_000
/** Raw JSON texts for one value: what JSON.stringify cannot write (1e999 parses to Infinity) and what breaks types. */
export const hostileJsonValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString.map((s) => JSON.stringify(s)) },
  { weight: 3, arbitrary: fc.constantFrom('1e999', '-1e999', '1e308', '-1e308', '9007199254740993', '-0', '5e-324', '1.7976931348623157e308', '123456789012345678901234567890') },
  { weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', 'undefined', "'single'", '0x10', '01', '+1', '.5', '1.', 'tru', 'nul') },
  { weight: 2, arbitrary: fc.constantFrom('null', '{}', '[]', '[null]', '{"$gt":""}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}') },
  { weight: 2, arbitrary: fc.constantFrom(...geometryTexts()) },
  { weight: 1, arbitrary: fc.constantFrom('['.repeat(DEPTH) + ']'.repeat(DEPTH), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 60_000 }).map((n) => `[${Array.from({ length: 40 }, () => '0').join(',')}${',1'.repeat(n)}]`) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
)

/** GeoJSON where a number or a point belongs: invalid rings, bowties, wrong winding, out-of-range. */
export function geometryTexts(): string[] {
  const g = [
    { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }, // self-intersecting bowtie
    { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, // unclosed ring
    { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]] }, // clockwise outer ring
    { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, // too few positions
    { type: 'Point', coordinates: [181, 91] },
    { type: 'Point', coordinates: [0.13] },
    { type: 'Point', coordinates: ['0.13', '51.55'] },
    { type: 'MultiPolygon', coordinates: [[[[-200, 100], [200, 100], [200, -100], [-200, 100]]]] },
    { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }] },
    { type: 'Feature', geometry: null, properties: null },
    { type: 'FeatureCollection', features: Array.from({ length: 20_000 }, (_, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [i % 180, 0] }, properties: {} })) },
  ]
  return g.map((x) => JSON.stringify(x))
}

/** Out-of-range or non-finite coordinates for a lon/lat pair, as raw JSON text. */
export const badCoordinate: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(['180.0000001', '51.5'], ['-180.5', '51.5'], ['0.13', '90.0000001'], ['0.13', '-91'], ['1e999', '51.5'],
    ['0.13', '-1e999'], ['"0.13"', '"51.55"'], ['null', '51.5'], ['[0.13,51.55]', '51.55'], ['360', '0'], ['0.13', '1e308']),
  fc.tuple(fc.double({ noNaN: true }).filter((x) => Math.abs(x) > 180), fc.double({ min: -90, max: 90, noNaN: true })).map(([a, b]) => [String(a), String(b)] as [string, string]),
  fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ noNaN: true }).filter((x) => Math.abs(x) > 90)).map(([a, b]) => [String(a), String(b)] as [string, string]),
)

/** Whole bodies that are not the object a route expects. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', '\u0000', '\ufeff{}', '[]', '[1,2,3]', 'null', 'true', '0', '"text"',
    '{"a":NaN}', '{"a":Infinity}', '{"a":1e999}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"admin":true}}', '{"a":1,"a":2}'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  hostileJsonValue,
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
)

/** Replaces the value at `path` (dot-separated keys, numeric for array items) in `base` with raw JSON text. */
export function withRawValue(base: unknown, path: string, raw: string): string {
  const MARK = '\u0001HOSTILE\u0001'
  const copy = structuredClone(base) as Record<string, unknown>
  const keys = path.split('.')
  let o: Record<string, unknown> = copy
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>
  o[keys[keys.length - 1]] = MARK
  return JSON.stringify(copy).replace(JSON.stringify(MARK), () => raw)
}

/** Every leaf path of a JSON body (object keys and array items), for mutating one at a time. */
export function leafPaths(v: unknown, prefix = ''): string[] {
  if (v === null || typeof v !== 'object') return prefix ? [prefix] : []
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)
  const out: string[] = prefix ? [prefix] : []
  for (const [k, x] of entries) out.push(...leafPaths(x, prefix ? `${prefix}.${k}` : k))
  return out
}

/** Text that gives away internals: stack frames, source paths, SQL errors, driver names. */
export const LEAK = /\n\s+at .+:\d+:\d+|\bat (?:async )?\S+ \((?:file:|\/|node:)|node:internal|\/work\/|\.ts:\d+:\d+|syntax error at or near|relation "[^"]+" does not exist|KnexTimeoutError|invalid input syntax for type|violates (?:check|not-null|foreign key) constraint|ECONNREFUSED/i
