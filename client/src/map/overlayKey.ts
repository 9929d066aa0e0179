/**
 * A key entry for something drawn over the choropleth (an asset category's dots, a tool's hubs,
 * catchments or ring). Each tool exports the keys of the layers it adds, beside the layers, so the
 * on-map legend and the PNG export can say what every symbol means.
 */
export interface OverlayKey {
  label: string
  /** dot: a circle marker; fill: a shaded area; dashed: a dashed outline; line: a solid outline */
  symbol: 'dot' | 'fill' | 'dashed' | 'line'
  colour: string
  /** outline colour of a dot or fill */
  stroke?: string
  /** where what it draws comes from (the PNG export lists it with the other sources) */
  source?: string
}
