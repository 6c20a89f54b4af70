import type { RocPoint } from './metrics';

const SIZE = 360;
const MARGIN = 48;

/** A self-contained SVG of the ROC curve with the chance diagonal and the AUC in the title. */
export function rocCurveSvg(points: readonly RocPoint[], rocAuc: number, title: string): string {
  const x = (fpr: number) => (MARGIN + fpr * SIZE).toFixed(1);
  const y = (tpr: number) => (MARGIN + (1 - tpr) * SIZE).toFixed(1);
  const curve = points.map((p) => `${x(p.falsePositiveRate)},${y(p.truePositiveRate)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<text x="${x(t)}" y="${MARGIN + SIZE + 18}" text-anchor="middle">${t}</text>` +
        `<text x="${MARGIN - 8}" y="${Number(y(t)) + 4}" text-anchor="end">${t}</text>`,
    )
    .join('');
  const width = SIZE + 2 * MARGIN;
  const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${width}" viewBox="0 0 ${width} ${width}" font-family="sans-serif" font-size="12">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="24" text-anchor="middle" font-size="14">${escapeXml(title)} — ROC-AUC ${rocAuc.toFixed(3)}</text>
<rect x="${MARGIN}" y="${MARGIN}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#888"/>
<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 4"/>
<polyline points="${curve}" fill="none" stroke="#c0392b" stroke-width="2"/>
${ticks}
<text x="${width / 2}" y="${width - 6}" text-anchor="middle">False-positive rate</text>
<text transform="translate(14 ${width / 2}) rotate(-90)" text-anchor="middle">Detection rate (true-positive rate)</text>
</svg>
`;
}
