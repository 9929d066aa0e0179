/** geojson-validation ships no types: the two checks the export tests use. */
declare module 'geojson-validation' {
  const gjv: {
    valid(geojson: unknown, trace?: boolean): boolean | string[]
    isFeatureCollection(geojson: unknown, trace?: boolean): boolean | string[]
  }
  export default gjv
}
