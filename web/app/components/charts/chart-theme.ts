import type { PartialTheme } from '@nivo/theming';

/** Nivo's theme in the dashboard's colours (see styles/app.css). */
export const chartTheme: PartialTheme = {
  background: 'transparent',
  text: { fill: '#a3aeca', fontSize: 11 },
  axis: {
    domain: { line: { stroke: '#2a3558', strokeWidth: 1 } },
    ticks: { line: { stroke: '#2a3558' }, text: { fill: '#a3aeca' } },
    legend: { text: { fill: '#e8ecf7' } },
  },
  grid: { line: { stroke: '#1f2946', strokeWidth: 1 } },
  crosshair: { line: { stroke: '#e8ecf7', strokeOpacity: 0.5 } },
  tooltip: {
    container: { background: '#1a2340', color: '#e8ecf7', fontSize: 12, borderRadius: 6 },
  },
};

export const CALLS_COLOUR = '#6ea8ff';
export const FLAGGED_COLOUR = '#ff6b6b';
