import { z } from 'zod'
import { readCsv, parseRecord } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { integerCell, latCell, lonCell, optionalTextCell, orEmpty, textCell } from './csvCells.js'
import { optionalPostcodeCell, postcodeCell } from './postcodes.js'
import { joinAddress, type AssetRow } from './assets.js'

// Readers for the three NHS point lists (provenance section 9). The GP coordinates are postcode
// geocodes (Nominatim); the pharmacy and hospital files do not say how theirs were made, and their
// float32-looking values suggest a postcode lookup, so every row is precision 'postcode'.

/**
 * GP practices from mattia-ficarelli/gp_mapping (`bd_gp_pop_ldn_mapped.csv`), with the registered
 * list size (NHS Digital, May 2022) in `attrs.listSize`.
 *
 * @example (await readGpPractices(path)).find((r) => r.sourceRef === 'F82001')?.attrs.listSize // 3014
 */
export async function readGpPractices(path: string): Promise<AssetRow[]> {
  const schema = z.object({
    'Organisation Code': textCell,
    Name: textCell,
    Address: textCell,
    Postcode: postcodeCell,
    'Contact Telephone Number': optionalTextCell,
    'Number of patients registered at the GP practice': integerCell,
    Latitude: latCell,
    Longitude: lonCell,
  })
  const table = await readCsv(path, { required: Object.keys(schema.shape) })
  return table.records.map((record) => {
    const r = parseRecord(path, record, schema)
    return {
      category: 'gp',
      name: r.Name,
      address: r.Address,
      postcode: r.Postcode,
      sourceRef: r['Organisation Code'],
      lon: r.Longitude,
      lat: r.Latitude,
      precision: 'postcode',
      status: 'open',
      attrs: { listSize: r['Number of patients registered at the GP practice'], phone: r['Contact Telephone Number'] },
    }
  })
}

// bd_pharmacy.csv has no header; these are the 10 columns as documented in PROVENANCE.md section 9.
const PHARMACY_COLUMNS = ['odsCode', 'name', 'address1', 'address2', 'address3', 'town', 'postcode', 'phone', 'latitude', 'longitude']

/**
 * Community pharmacies from ayubmalik/nhsfinder (header-less, 10 columns, ODS edispensary 2020).
 * The England file has a few rows with no postcode or no lat/lon: those come back with
 * `postcode: null` or without a point rather than failing the whole file.
 */
export async function readPharmacies(path: string): Promise<AssetRow[]> {
  const schema = z.object({
    odsCode: textCell,
    name: textCell,
    address1: z.string(),
    address2: z.string(),
    address3: z.string(),
    town: z.string(),
    postcode: optionalPostcodeCell,
    phone: optionalTextCell,
    latitude: orEmpty(latCell),
    longitude: orEmpty(lonCell),
  })
  const table = await readCsv(path, { columns: PHARMACY_COLUMNS })
  return table.records.map((record) => {
    const r = parseRecord(path, record, schema)
    return withPoint(path, record.row, r.latitude, r.longitude, {
      category: 'pharmacy',
      name: r.name,
      address: joinAddress([r.address1, r.address2, r.address3, r.town]),
      postcode: r.postcode,
      sourceRef: r.odsCode,
      precision: 'postcode',
      status: 'open',
      attrs: { phone: r.phone },
    })
  })
}

/**
 * Hospitals from the NHS Choices 2018 dataset: ISO-8859-1 text separated by '¬' (byte 0xAC).
 * Every row is OrganisationStatus 'Visible' (listed); anything else is reported as closed. The
 * England file has rows with no postcode or point; they come back without them.
 */
export async function readHospitals(path: string): Promise<AssetRow[]> {
  const schema = z.object({
    OrganisationCode: textCell,
    OrganisationName: textCell,
    OrganisationStatus: textCell,
    SubType: z.string(),
    Sector: z.string(),
    Address1: z.string(),
    Address2: z.string(),
    Address3: z.string(),
    City: z.string(),
    County: z.string(),
    Postcode: optionalPostcodeCell,
    Latitude: orEmpty(latCell),
    Longitude: orEmpty(lonCell),
    ParentODSCode: optionalTextCell,
    ParentName: optionalTextCell,
    Phone: optionalTextCell,
    Website: optionalTextCell,
  })
  const table = await readCsv(path, { required: Object.keys(schema.shape), delimiter: '\u00ac', encoding: 'latin1' })
  return table.records.map((record) => {
    const r = parseRecord(path, record, schema)
    return withPoint(path, record.row, r.Latitude, r.Longitude, {
      category: 'hospital',
      name: r.OrganisationName,
      address: joinAddress([r.Address1, r.Address2, r.Address3, r.City, r.County]),
      postcode: r.Postcode,
      sourceRef: r.OrganisationCode,
      precision: 'postcode',
      status: r.OrganisationStatus === 'Visible' ? 'open' : 'closed',
      attrs: {
        subType: r.SubType,
        sector: r.Sector,
        parentOdsCode: r.ParentODSCode,
        parentName: r.ParentName,
        phone: r.Phone,
        website: r.Website,
      },
    })
  })
}

/** Adds lon/lat to a row when both are given; one without the other is a format error. */
function withPoint(file: string, row: number, lat: number | null, lon: number | null, asset: AssetRow): AssetRow {
  if ((lat === null) !== (lon === null)) {
    throw new SourceFormatError(file, 'latitude and longitude must both be given or both be empty', row, lat === null ? 'latitude' : 'longitude')
  }
  return lat === null || lon === null ? asset : { ...asset, lon, lat }
}
