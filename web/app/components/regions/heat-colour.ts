// Threat level 0–10 -> green, amber, red: the same ramp as the legend in styles/app.css.

const STOPS = [
  { at: 0, rgb: [60, 207, 130] },
  { at: 5, rgb: [247, 189, 70] },
  { at: 10, rgb: [255, 107, 107] },
] as const;

export function heatColour(threatLevel: number): string {
  const level = Math.min(10, Math.max(0, threatLevel));
  const upper = level <= STOPS[1].at ? 1 : 2;
  const from = STOPS[upper - 1];
  const to = STOPS[upper];
  const t = (level - from.at) / (to.at - from.at);
  const channel = (index: 0 | 1 | 2) => Math.round(from.rgb[index] + (to.rgb[index] - from.rgb[index]) * t);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

/** Bubble radius: area proportional to calls, so a region with 4× the calls looks 4× as big. */
export function bubbleRadius(calls: number, maxCalls: number, maxRadius = 26, minRadius = 5): number {
  if (maxCalls <= 0 || calls <= 0) return minRadius;
  return Math.max(minRadius, maxRadius * Math.sqrt(calls / maxCalls));
}
