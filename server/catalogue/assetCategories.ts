/** Community asset categories: one descriptor each, driving the assets API, tiles and the map's toggles. */
export interface AssetCategory {
  id: string
  title: string
  description: string
  /** marker colour: distinguishable for common colour-vision deficiencies (Okabe-Ito palette) */
  colour: string
}

export const assetCategories: AssetCategory[] = [
  { id: 'gp', title: 'GP practices', description: 'NHS GP practices with their registered list size.', colour: '#0072B2' },
  { id: 'pharmacy', title: 'Pharmacies', description: 'Community pharmacies.', colour: '#56B4E9' },
  { id: 'hospital', title: 'Hospitals', description: 'NHS hospitals within 3 km of the borough.', colour: '#D55E00' },
  { id: 'library', title: 'Libraries', description: 'Public libraries, open and closed.', colour: '#009E73' },
  { id: 'community_hub', title: 'Community hubs', description: 'Council community hubs (from a council list).', colour: '#E69F00' },
  { id: 'school', title: 'Schools', description: 'Schools (London Schools Atlas 2016): primary, secondary, special and nursery.', colour: '#CC79A7' },
  { id: 'family_hub', title: 'Family Hubs', description: 'Family Hubs (from a council list).', colour: '#F0E442' },
  { id: 'childrens_centre', title: "Children's centres", description: "Children's centres (from a council list).", colour: '#E6C700' },
  { id: 'community_centre', title: 'Community centres', description: 'Community centres (from a council list).', colour: '#882255' },
  { id: 'youth_centre', title: 'Youth centres', description: 'Youth centres (from a council list).', colour: '#AA4499' },
  { id: 'leisure_centre', title: 'Leisure centres and parks', description: 'Leisure centres and parks (from a council list).', colour: '#117733' },
  { id: 'food_bank', title: 'Food banks', description: 'Food banks (from a council list).', colour: '#DDCC77' },
  { id: 'advice_centre', title: 'Advice centres', description: 'Advice centres (from a council list).', colour: '#44AA99' },
  { id: 'place_of_worship', title: 'Places of worship', description: 'Places of worship (OpenStreetMap 2019).', colour: '#999999' },
  { id: 'anchor', title: 'Anchor institutions', description: 'Large public employers and buyers: NHS trusts, the council, colleges.', colour: '#332288' },
  { id: 'other', title: 'Other community assets', description: 'Other assets from council lists and suggestions.', colour: '#666666' },
]

export const assetCategoryIds = assetCategories.map((c) => c.id)
