// vt-pbf ships no types; this declares the one function the tile encoder uses.
declare module 'vt-pbf' {
  interface GeoJsonVtLayer {
    features: unknown[]
  }
  const vtpbf: {
    /** Serialises geojson-vt tiles, one per layer name, to MVT protobuf bytes. */
    fromGeojsonVt(layers: Record<string, GeoJsonVtLayer>, options?: { version?: number; extent?: number }): Uint8Array
  }
  export default vtpbf
}
