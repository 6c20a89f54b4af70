// A simplified outline of India and where the regions Satark reports on are, for the heat
// map. Coordinates are [longitude, latitude]; precision is "recognisable", not cartographic.

export type LonLat = readonly [number, number];

export const INDIA_OUTLINE: readonly LonLat[] = [
  [68.2, 23.7],
  [68.8, 24.3],
  [70.0, 24.2],
  [71.1, 24.4],
  [70.6, 25.7],
  [70.1, 26.9],
  [70.8, 27.7],
  [71.9, 27.9],
  [72.8, 28.9],
  [73.4, 29.9],
  [74.5, 30.9],
  [74.6, 31.9],
  [75.3, 32.3],
  [74.4, 32.8],
  [73.9, 33.6],
  [74.2, 34.5],
  [73.8, 35.3],
  [74.6, 37.0],
  [75.9, 36.9],
  [77.8, 35.5],
  [80.2, 35.3],
  [79.4, 32.5],
  [78.7, 31.9],
  [79.0, 31.0],
  [80.3, 30.4],
  [81.0, 30.2],
  [80.1, 28.8],
  [81.9, 27.9],
  [83.3, 27.3],
  [84.6, 27.1],
  [85.8, 26.6],
  [87.0, 26.4],
  [88.1, 26.4],
  [88.2, 27.9],
  [88.8, 27.3],
  [89.0, 26.8],
  [90.0, 26.8],
  [91.7, 26.8],
  [92.1, 27.4],
  [91.7, 27.8],
  [93.8, 28.6],
  [94.6, 29.3],
  [96.0, 29.4],
  [97.3, 28.2],
  [97.0, 27.7],
  [96.2, 27.3],
  [95.2, 26.6],
  [94.6, 25.8],
  [94.3, 25.0],
  [94.2, 23.8],
  [93.4, 23.9],
  [93.3, 22.0],
  [92.7, 21.9],
  [92.6, 23.0],
  [92.3, 23.7],
  [91.9, 24.2],
  [91.6, 24.1],
  [91.2, 23.5],
  [91.5, 22.9],
  [91.2, 22.9],
  [90.9, 23.7],
  [91.3, 24.3],
  [92.2, 24.9],
  [90.0, 25.2],
  [89.8, 25.9],
  [89.1, 26.0],
  [88.5, 26.4],
  [88.1, 25.9],
  [88.4, 25.2],
  [88.8, 24.6],
  [88.5, 24.2],
  [88.9, 23.2],
  [89.0, 22.0],
  [88.2, 21.6],
  [87.0, 21.5],
  [86.5, 20.3],
  [85.0, 19.4],
  [84.1, 18.3],
  [82.3, 17.0],
  [81.2, 16.2],
  [80.2, 15.2],
  [80.3, 13.3],
  [79.9, 11.5],
  [79.8, 10.3],
  [78.9, 9.2],
  [77.5, 8.1],
  [76.6, 8.9],
  [76.1, 10.3],
  [75.7, 11.5],
  [74.8, 12.8],
  [74.1, 14.8],
  [73.5, 16.0],
  [73.0, 17.8],
  [72.8, 19.2],
  [72.9, 20.7],
  [72.6, 21.4],
  [72.2, 21.2],
  [71.0, 20.8],
  [70.0, 21.3],
  [69.0, 22.3],
  [70.2, 22.9],
  [69.3, 22.8],
  [68.4, 23.4],
];

/** Regions whose label goes on the left of their circle, so that neighbours' labels do not collide. */
export const LABEL_ON_LEFT: ReadonlySet<string> = new Set([
  'Bangalore',
  'Bengaluru',
  'Mumbai',
  'Pune',
  'Kochi',
  'Ahmedabad',
]);

/** Cities and telecom circles Satark may report on, at their main city. */
export const REGION_LOCATIONS: Readonly<Record<string, LonLat>> = {
  Delhi: [77.21, 28.61],
  Mumbai: [72.88, 19.08],
  Kolkata: [88.36, 22.57],
  Chennai: [80.27, 13.08],
  Bangalore: [77.59, 12.97],
  Bengaluru: [77.59, 12.97],
  Hyderabad: [78.49, 17.39],
  Ahmedabad: [72.57, 23.02],
  Pune: [73.86, 18.52],
  Jaipur: [75.79, 26.91],
  Lucknow: [80.95, 26.85],
  Patna: [85.14, 25.59],
  Bhopal: [77.41, 23.26],
  Chandigarh: [76.78, 30.73],
  Guwahati: [91.74, 26.14],
  Kochi: [76.27, 9.93],
  Bhubaneswar: [85.82, 20.3],
  Srinagar: [74.8, 34.08],
};

const WEST = 65.5;
const NORTH = 37.5;
/** Longitude degrees shrink with latitude; India's middle (22°N) is a fair compromise. */
const LONGITUDE_SCALE = Math.cos((22 * Math.PI) / 180);

export const MAP_WIDTH = (98 - WEST) * LONGITUDE_SCALE * 12;
export const MAP_HEIGHT = (NORTH - 7.5) * 12;

export function project([longitude, latitude]: LonLat): { x: number; y: number } {
  return { x: (longitude - WEST) * LONGITUDE_SCALE * 12, y: (NORTH - latitude) * 12 };
}

export function outlinePath(points: readonly LonLat[] = INDIA_OUTLINE): string {
  return `${points
    .map((point, index) => {
      const { x, y } = project(point);
      return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join('')}Z`;
}
