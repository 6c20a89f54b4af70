import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../testing/run-node-script';

const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = path.join(repoRoot, 'ml/src/cli.ts');
const work = mkdtempSync(path.join(tmpdir(), 'satark-cli-'));

function ml(...args: string[]) {
  return runNodeScript(cli, args, { cwd: repoRoot, env: { ...process.env, SATARK_DEBUG: '' } });
}

async function mlJson(...args: string[]): Promise<Record<string, unknown>> {
  const result = await ml(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe('the ml CLI', () => {
  it('runs generate, features, train and evaluate end to end on generated data', async () => {
    const generated = await mlJson(
      'generate',
      '--out',
      work,
      '--callers',
      '300',
      '--days',
      '5',
      '--seed',
      '7',
    );
    expect(generated).toMatchObject({ callers: 300, fraudsters: 15, campaigns: 5 });
    const header = readFileSync(path.join(work, 'call_data.csv'), 'utf8').split('\n')[0];
    expect(header).toBe(
      'caller_id,receiver_id,call_duration,timestamp,origin_region,target_region,true_label,call_id,campaign_id,fraud_category',
    );

    const featuresFile = path.join(work, 'caller_features.csv');
    const features = await mlJson(
      'features',
      '--in',
      path.join(work, 'call_data.csv'),
      '--out',
      featuresFile,
    );
    expect(features).toMatchObject({ calls: generated.calls, fraudCallers: 15 });

    const modelFile = path.join(work, 'model.json');
    const trained = await mlJson(
      'train',
      '--in',
      featuresFile,
      '--out',
      modelFile,
      '--trees',
      '60',
      '--seed',
      '3',
    );
    const artifact = JSON.parse(readFileSync(modelFile, 'utf8'));
    expect(artifact.params).toMatchObject({
      nEstimators: 60,
      maxSamples: 256,
      contamination: 0.05,
      randomState: 3,
    });
    expect(trained.version).toMatch(/^[0-9a-f]{12}$/);

    const evaluation = await mlJson('evaluate', '--model', modelFile, '--in', featuresFile);
    const metrics = evaluation.metrics as { detectionRate: number; precision: number; rocAuc: number };
    expect(metrics.detectionRate).toBeGreaterThanOrEqual(0.8);
    expect(metrics.precision).toBeGreaterThanOrEqual(0.8);
    expect(readFileSync(path.join(work, 'roc-curve.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<polyline/);
    expect(JSON.parse(readFileSync(path.join(work, 'evaluation.json'), 'utf8')).metrics.rocAuc).toBe(
      metrics.rocAuc,
    );
  });

  it('prints a readable summary table without --json', async () => {
    const result = await ml('evaluate', '--csv', 'breastw', '--seeds', '1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ROC-AUC \(mean\)\s+0\.9\d/);
  });

  it('runs the paper protocol on a label-first CSV and reports imputed cells', async () => {
    const file = path.join(work, 'gaps.csv');
    writeFileSync(file, 'label,a,b\nanomaly,9,\nnominal,1,2\nnominal,2,1\nnominal,1,1\n');
    const result = await mlJson('evaluate', '--csv', file, '--seeds', '2', '--trees', '10');
    expect(result).toMatchObject({ dataset: 'gaps', rows: 4, imputedCells: 1, seeds: 2 });
    const pima = await mlJson('evaluate', '--csv', 'pima');
    expect(pima).toMatchObject({ dataset: 'pima', rows: 768, seeds: 5 });
    expect(Math.abs((pima.rocAuc as number) - 0.67)).toBeLessThanOrEqual(0.02);
  });

  it('explains bad input in one line, without a stack trace', async () => {
    const file = path.join(work, 'bad.csv');
    writeFileSync(file, 'label,a\nnominal,1\nanomaly,oops\n');
    const cases = [
      { args: ['evaluate', '--csv', file], message: /row 2 \(line 3\), column "a": "oops" is not a number/ },
      {
        args: ['features', '--in', path.join(work, 'missing.csv'), '--out', 'x.csv'],
        message: /file not found/,
      },
      {
        args: ['generate', '--out', work, '--fraud-ratio', '2'],
        message: /--fraud-ratio must be a number in \[0, 1\)/,
      },
      {
        args: ['train', '--in', file, '--out', 'm.json'],
        message: /missing columns: caller_id, avg_call_duration/,
      },
      { args: ['evaluate', '--model', 'm.json'], message: /needs --model and --in/ },
      { args: ['generate', '--out', work, '--bogus'], message: /unknown option '--bogus'/ },
    ];
    for (const { args, message } of cases) {
      const result = await ml(...args);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
