import { SingleBar } from 'cli-progress';

export interface Output {
  json: boolean;
}

/** A progress bar on stderr, shown only on a terminal and never with --json. */
export class Progress {
  private bar: SingleBar | null = null;

  constructor(
    private readonly output: Output,
    private readonly label: string,
  ) {}

  update(done: number, total: number): void {
    if (this.output.json || !process.stderr.isTTY) return;
    if (this.bar === null) {
      this.bar = new SingleBar({
        format: `${this.label.padEnd(14)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      });
      this.bar.start(total, 0);
    }
    this.bar.update(done);
    if (done >= total) this.stop();
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

export type SummaryValue = string | number | null | undefined;

function formatValue(value: SummaryValue): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  }
  return value;
}

/** A two-column table of what a command did. */
export function summaryTable(title: string, rows: [string, SummaryValue][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${formatValue(v)}`);
  return [title, ...lines].join('\n');
}

/** A table with a header row; columns are right-aligned except the first. */
export function gridTable(header: string[], rows: SummaryValue[][]): string {
  const cells = [header, ...rows.map((r) => r.map(formatValue))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function emit(output: Output, json: unknown, text: string): void {
  process.stdout.write(`${output.json ? JSON.stringify(json) : text}\n`);
}
