import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readGpPractices, readHospitals, readPharmacies } from '../../geodata/read/nhsAssets'
import { assetRowSchema } from '../../geodata/read/assets'
import { raw, scale } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const GP = raw('nhs-gp-london', 'bd_gp_pop_ldn_mapped.csv')
const PHARMACY = raw('nhs-pharmacy', 'bd_pharmacy.csv')
const HOSPITAL = raw('nhs-choices-hospitals', 'bd3km_Hospital.csv')

describe('NHS point lists', () => {
  it('reads the 37 B&D GP practices with list sizes at postcode precision', async () => {
    const gps = await readGpPractices(GP)
    expect(gps).toHaveLength(37)
    expect(gps[0]).toEqual({
      category: 'gp',
      name: 'Halbutt Street Surgery',
      address: '2 Halbutt Street, Dagenham, Essex, RM9 5AS',
      postcode: 'RM9 5AS',
      sourceRef: 'F82001',
      lon: 0.1467417179537037,
      lat: 51.54702059046851,
      precision: 'postcode',
      status: 'open',
      attrs: { listSize: 3014, phone: '020 85921544' },
    })
    for (const row of gps) assetRowSchema.parse(row)
  })

  it('reads the 40 header-less pharmacy rows, including scientific-notation longitudes', async () => {
    const pharmacies = await readPharmacies(PHARMACY)
    expect(pharmacies).toHaveLength(40)
    expect(pharmacies[0]).toMatchObject({ sourceRef: 'FA207', name: 'Tesco Pharmacy', postcode: 'IG11 7BS', address: 'Highbridge Road, Barking, Essex' })
    expect(pharmacies[0].lon).toBeCloseTo(0.070810809731, 9)
  })

  it('reads the 11 hospitals from the ISO-8859-1, ¬-separated NHS Choices file', async () => {
    const hospitals = await readHospitals(HOSPITAL)
    expect(hospitals).toHaveLength(11)
    expect(hospitals.map((h) => h.sourceRef)).toContain('RF4DG')
    expect(hospitals.find((h) => h.sourceRef === 'RF4QH')).toMatchObject({
      name: "Queen's Hospital",
      postcode: 'RM7 0AG',
      status: 'open',
      attrs: { sector: 'NHS Sector', parentName: 'Barking, Havering and Redbridge University Hospitals NHS Trust' },
    })
  })

  it('reads the England-wide pharmacy and hospital files, keeping rows that lack a postcode or point', async () => {
    const pharmacies = await readPharmacies(scale('england_pharmacy_2020.csv'))
    expect(pharmacies).toHaveLength(11_206)
    const noPostcode = pharmacies.find((p) => p.sourceRef === 'FKA12')!
    expect(noPostcode.postcode).toBeNull()
    expect('lon' in noPostcode).toBe(false)
    expect(await readHospitals(scale('england_nhs_choices_Hospital_2018.csv'))).toHaveLength(1234)
  })
})

describe('broken NHS files', () => {
  const dir = tempDir()

  it('names the missing list-size column', async () => {
    const text = readFileSync(GP, 'utf-8').replace('Number of patients registered at the GP practice', 'Patients')
    await expectFormatError(readGpPractices(writeTemp(dir, 'gp.csv', text)), {
      row: 1,
      column: 'Number of patients registered at the GP practice',
      detail: /missing column/,
    })
  })

  it('names text in the list-size column', async () => {
    const text = readFileSync(GP, 'utf-8').replace(',3014,', ',about 3000,')
    await expectFormatError(readGpPractices(writeTemp(dir, 'gp_text.csv', text)), {
      file: 'gp_text.csv',
      row: 2,
      column: 'Number of patients registered at the GP practice',
      detail: /expected a whole number/,
    })
  })

  it('refuses a pharmacy row with only nine fields', async () => {
    const lines = readFileSync(PHARMACY, 'utf-8').split('\n')
    lines[4] = lines[4].slice(0, lines[4].lastIndexOf(','))
    await expectFormatError(readPharmacies(writeTemp(dir, 'ph.csv', lines.join('\n'))), { row: 5, detail: /has 9 fields, expected 10/ })
  })

  it('names a latitude outside Great Britain (swapped columns)', async () => {
    const text = readFileSync(PHARMACY, 'utf-8').replace('51.536380767822266,7.0810809731483459E-2', '7.0810809731483459E-2,51.536380767822266')
    await expectFormatError(readPharmacies(writeTemp(dir, 'ph_swap.csv', text)), { row: 1, column: 'latitude', detail: /latitude in Great Britain/ })
  })

  it('refuses a hospital file read with the wrong separator (saved as CSV)', async () => {
    const text = readFileSync(HOSPITAL).toString('latin1').replace(/\u00ac/g, ',')
    await expectFormatError(readHospitals(writeTemp(dir, 'h.csv', Buffer.from(text, 'latin1'))), { row: 1, detail: /missing columns/ })
  })
})
