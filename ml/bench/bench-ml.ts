/**
 * Our isolation forest against scikit-learn's on the same data and parameters, one thread
 * each: fit time, batch scoring throughput, single-row latency and ROC-AUC.
 *
 *   npm run bench:ml [-- --datasets shuttle,mammography --trees 200 --sample 256 --json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { gridTable } from '../src/cli/output';
import { readLabelFirstCsv } from '../src/evaluate/label-first-csv';
import { rocAuc } from '../src/evaluate/metrics';
import { IsolationForest } from '../src/forest/forest';
import { ODDS_DIR } from '../src/paths';

const PYTHON = '/usr/bin/python3';
const SKLEARN_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sklearn_bench.py');

interface Figures {
  implementation: string;
  rows: number;
  features: number;
  fitMs: number;
  fitTreesOnlyMs: number;
  batchMs: number;
  batchRowsPerSec: number;
  singleRowP50Us: number;
  singleRowP99Us: number;
  singleRowSamples: number;
  rocAuc: number;
}

interface Settings {
  datasets: string;
  trees: number;
  sample: number;
  contamination: number;
  seed: number;
  singleRows: number;
  json: boolean;
}

function log(settings: Settings, message: string): void {
  if (!settings.json) process.stderr.write(`${message}\n`);
}

/** Makes scikit-learn available (Debian's python3-sklearn), or says why it cannot be. */
function ensureSklearn(settings: Settings): { ok: true; version: string } | { ok: false; reason: string } {
  const probe = () =>
    spawnSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} is not installed` };
  let result = probe();
  if (result.status === 0) return { ok: true, version: result.stdout.trim() };
  if (process.getuid?.() !== 0)
    return {
      ok: false,
      reason: 'scikit-learn is missing and installing it needs root (apt-get install -y python3-sklearn)',
    };
  log(settings, 'scikit-learn is missing: apt-get install -y python3-sklearn ...');
  let install = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    install = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  result = probe();
  if (result.status === 0) return { ok: true, version: result.stdout.trim() };
  return {
    ok: false,
    reason: `apt-get could not install python3-sklearn: ${(install.stderr ?? '').trim().split('\n').pop()}`,
  };
}

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function benchOurs(file: string, settings: Settings): Figures {
  const data = readLabelFirstCsv(file);
  const params = { nEstimators: settings.trees, maxSamples: settings.sample, randomState: settings.seed };
  const fit = (contamination: number | 'auto') => {
    const forest = new IsolationForest({ ...params, contamination });
    const start = performance.now();
    forest.fit(data.data, data.columns);
    return { forest, ms: performance.now() - start };
  };
  fit(settings.contamination); // warm-up: let the JIT compile the hot paths
  const { forest, ms: fitMs } = fit(settings.contamination);
  const { ms: fitTreesOnlyMs } = fit('auto');

  let batchMs = Number.POSITIVE_INFINITY;
  let scores: ArrayLike<number> = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    scores = forest.anomalyScores(data.data, data.columns);
    batchMs = Math.min(batchMs, performance.now() - start);
  }

  const rows = Array.from({ length: data.rows }, (_, r) =>
    data.data.subarray(r * data.columns, (r + 1) * data.columns),
  );
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += forest.anomalyScore(rows[i % rows.length]);
  const latencies = new Float64Array(settings.singleRows);
  const step = Math.max(1, Math.floor(rows.length / settings.singleRows));
  for (let i = 0; i < settings.singleRows; i++) {
    const row = rows[(i * step) % rows.length];
    // performance.now() allocates nothing (hrtime.bigint() would, and its GC would show in p99).
    const start = performance.now();
    sink += forest.anomalyScore(row);
    latencies[i] = (performance.now() - start) * 1000;
  }
  latencies.sort();
  if (Number.isNaN(sink)) throw new Error('scores must be numbers');
  return {
    implementation: `satark-ml (Node ${process.version})`,
    rows: data.rows,
    features: data.columns,
    fitMs,
    fitTreesOnlyMs,
    batchMs,
    batchRowsPerSec: data.rows / (batchMs / 1000),
    singleRowP50Us: quantile(latencies, 0.5),
    singleRowP99Us: quantile(latencies, 0.99),
    singleRowSamples: latencies.length,
    rocAuc: rocAuc(scores, data.labels),
  };
}

function benchSklearn(file: string, settings: Settings): Figures {
  const output = execFileSync(
    PYTHON,
    [
      SKLEARN_SCRIPT,
      file,
      String(settings.trees),
      String(settings.sample),
      String(settings.contamination),
      String(settings.seed),
      String(Math.min(200, settings.singleRows)),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    },
  );
  return JSON.parse(output) as Figures;
}

function goals(ours: Figures, sklearn: Figures) {
  return {
    batchThroughputAtLeast3x: ours.batchRowsPerSec >= 3 * sklearn.batchRowsPerSec,
    singleRowP99AtMost20us: ours.singleRowP99Us <= 20,
    fitNoSlower: ours.fitMs <= sklearn.fitMs,
    rocAucWithin001: Math.abs(ours.rocAuc - sklearn.rocAuc) <= 0.01,
  };
}

const program = new Command()
  .name('npm run bench:ml --')
  .option('--datasets <names>', 'comma-separated ODDS sets', 'shuttle,mammography')
  .option('--trees <n>', 'trees', (v) => Number.parseInt(v, 10), 200)
  .option('--sample <n>', 'subsample size psi', (v) => Number.parseInt(v, 10), 256)
  .option('--contamination <r>', 'contamination (sets the threshold in fit)', Number.parseFloat, 0.05)
  .option('--seed <s>', 'random seed', (v) => Number.parseInt(v, 10), 42)
  .option('--single-rows <n>', 'single-row calls timed for latency', (v) => Number.parseInt(v, 10), 20_000)
  .option('--json', 'print one JSON object', false)
  .parse(process.argv);
const settings = program.opts<Settings>();

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = {
  cpu,
  cores: os.cpus().length,
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
  // Other work on the machine shows up in latency percentiles; the load says how busy it was.
  loadAverage1m: os.loadavg()[0],
};
const sklearnStatus = ensureSklearn(settings);
if (!sklearnStatus.ok)
  log(settings, `Skipping scikit-learn: ${sklearnStatus.reason}. Showing our figures only.`);

const results = settings.datasets.split(',').map((name) => {
  const file = existsSync(name) ? name : path.join(ODDS_DIR, `${name}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`error: data set not found: ${file}\n`);
    process.exit(1);
  }
  log(settings, `${path.basename(file)}: timing ours ...`);
  const ours = benchOurs(file, settings);
  let sklearn: Figures | null = null;
  if (sklearnStatus.ok) {
    log(settings, `${path.basename(file)}: timing scikit-learn ...`);
    sklearn = benchSklearn(file, settings);
  }
  return {
    dataset: path.basename(file, '.csv'),
    ours,
    sklearn,
    goals: sklearn ? goals(ours, sklearn) : null,
  };
});

if (settings.json) {
  const parameters = {
    trees: settings.trees,
    sample: settings.sample,
    contamination: settings.contamination,
    seed: settings.seed,
    threads: 1,
  };
  process.stdout.write(
    `${JSON.stringify({ machine, parameters, sklearn: sklearnStatus.ok ? sklearnStatus.version : null, sklearnSkippedBecause: sklearnStatus.ok ? null : sklearnStatus.reason, results })}\n`,
  );
} else {
  const lines = [
    `CPU: ${cpu} (${machine.cores} cores, load average ${machine.loadAverage1m.toFixed(2)} at start), ${machine.platform}, Node ${process.version}` +
      (sklearnStatus.ok ? `, scikit-learn ${sklearnStatus.version} (${PYTHON})` : ''),
    `Parameters: ${settings.trees} trees, psi ${settings.sample}, contamination ${settings.contamination}, one thread each; fit and score all rows.`,
  ];
  for (const { dataset, ours, sklearn, goals: met } of results) {
    const ratio = (a: number, b: number | undefined) => (b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
    const mark = (ok: boolean | undefined) => (ok === undefined ? '-' : ok ? 'yes' : 'NO');
    lines.push(
      '',
      `${dataset}: ${ours.rows.toLocaleString('en-US')} rows x ${ours.features} features`,
      gridTable(
        ['measure', 'satark-ml', 'scikit-learn', 'ours / theirs', 'goal', 'met'],
        [
          [
            'fit, threshold included (ms)',
            ours.fitMs.toFixed(1),
            sklearn?.fitMs.toFixed(1),
            ratio(ours.fitMs, sklearn?.fitMs),
            '<= 1x',
            mark(met?.fitNoSlower),
          ],
          [
            'fit, trees only (ms)',
            ours.fitTreesOnlyMs.toFixed(1),
            sklearn?.fitTreesOnlyMs.toFixed(1),
            ratio(ours.fitTreesOnlyMs, sklearn?.fitTreesOnlyMs),
            '',
            '',
          ],
          [
            'batch scoring (rows/s)',
            Math.round(ours.batchRowsPerSec),
            sklearn ? Math.round(sklearn.batchRowsPerSec) : '-',
            ratio(ours.batchRowsPerSec, sklearn?.batchRowsPerSec),
            '>= 3x',
            mark(met?.batchThroughputAtLeast3x),
          ],
          [
            'single row p50 (us)',
            ours.singleRowP50Us.toFixed(2),
            sklearn?.singleRowP50Us.toFixed(1),
            ratio(ours.singleRowP50Us, sklearn?.singleRowP50Us),
            '',
            '',
          ],
          [
            'single row p99 (us)',
            ours.singleRowP99Us.toFixed(2),
            sklearn?.singleRowP99Us.toFixed(1),
            ratio(ours.singleRowP99Us, sklearn?.singleRowP99Us),
            '<= 20 us',
            mark(met?.singleRowP99AtMost20us),
          ],
          [
            'ROC-AUC',
            ours.rocAuc.toFixed(4),
            sklearn?.rocAuc.toFixed(4),
            sklearn ? (ours.rocAuc - sklearn.rocAuc).toFixed(4) : '-',
            '|diff| <= 0.01',
            mark(met?.rocAucWithin001),
          ],
        ],
      ),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
