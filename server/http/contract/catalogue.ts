/** GET /api/catalogue: indicators with sources and class breaks, localities, asset categories, and the UI's vocabulary. */
export type { Catalogue, CatalogueIndicator, SourceInfo } from '../../domain/catalogue'
export type { Vocabulary } from '../../domain/vocabulary'
export type { Level } from '../../catalogue/types'
