import { basename } from 'node:path'

/**
 * A source file does not have the shape its reader expects (missing column, text where a
 * number belongs, truncated or empty file, wrong sheet...). Carries what a person needs to
 * open the file and find the cell: the file, the row as a spreadsheet shows it (1-based,
 * header row included) and the column (header text, with the sheet and column letter for
 * workbooks, e.g. `'IMD 2019'!E "Index of Multiple Deprivation (IMD) Score"`).
 */
export class SourceFormatError extends Error {
  constructor(
    public file: string,
    public detail: string,
    public row?: number,
    public column?: string,
  ) {
    const where = [row !== undefined ? `row ${row}` : null, column !== undefined ? `column ${column}` : null]
      .filter((part) => part !== null)
      .join(', ')
    super(`${basename(file)}: ${where ? `${where}: ` : ''}${detail}`)
    this.name = 'SourceFormatError'
  }
}
