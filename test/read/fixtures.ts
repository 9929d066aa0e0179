import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, expect } from 'vitest'
import { SourceFormatError } from '../../geodata/read/errors'

/** A fresh temp folder for broken copies, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'read-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Copies a shapefile's parts (.shp .shx .dbf .prj .cpg, those present) into `dir`; returns the new .shp path. */
export function copyShapefile(shpPath: string, dir: string, newBase = basename(shpPath, '.shp')): string {
  const from = shpPath.replace(/\.shp$/, '')
  for (const ext of ['.shp', '.shx', '.dbf', '.prj', '.cpg']) {
    if (existsSync(from + ext)) copyFileSync(from + ext, join(dir, newBase + ext))
  }
  return join(dir, `${newBase}.shp`)
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeTemp(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Awaits `action` and checks it threw a SourceFormatError with the given fields. */
export async function expectFormatError(
  action: Promise<unknown> | (() => unknown),
  expected: { file?: string; row?: number; column?: string; detail?: RegExp },
): Promise<SourceFormatError> {
  let caught: unknown
  try {
    await (typeof action === 'function' ? action() : action)
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(SourceFormatError)
  const error = caught as SourceFormatError
  if (expected.file !== undefined) expect(basename(error.file)).toBe(expected.file)
  if ('row' in expected) expect(error.row).toBe(expected.row)
  if ('column' in expected) expect(error.column).toBe(expected.column)
  if (expected.detail) expect(error.detail).toMatch(expected.detail)
  expect(error.message.startsWith(`${basename(error.file)}: `)).toBe(true)
  return error
}
