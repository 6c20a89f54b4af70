// Where a horizontal bar sits in its track, in percent of the track's width.

export interface BarGeometry {
  left: number;
  width: number;
}

/** Diverging bars grow from the middle: right for positive values, left for negative ones. */
export function divergingBar(value: number, maxAbs: number): BarGeometry {
  if (maxAbs <= 0 || value === 0) return { left: 50, width: 0 };
  const width = (Math.min(Math.abs(value), maxAbs) / maxAbs) * 50;
  return value > 0 ? { left: 50, width } : { left: 50 - width, width };
}

/** Plain bars grow from the left edge. */
export function plainBar(value: number, max: number): BarGeometry {
  if (max <= 0 || value <= 0) return { left: 0, width: 0 };
  return { left: 0, width: (Math.min(value, max) / max) * 100 };
}
