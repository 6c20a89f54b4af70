/**
 * Measures the heap an OnlineFeatureStore holds per tracked caller, against its own estimate
 * (bytesPerCaller). Needs the garbage collector exposed:
 *
 *   node --expose-gc --import tsx ml/bench/store-memory.ts [--json]
 */
import type { CallRecord } from '../src/call-record';
import { OnlineFeatureStore } from '../src/features/online';
import { generateDataset } from '../src/simulate/generate';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('error: run with node --expose-gc --import tsx ml/bench/store-memory.ts\n');
  process.exit(1);
}
const collect = gc;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) collect();
  return process.memoryUsage().heapUsed;
}

const text = generateDataset({ callers: 4000, days: 2, seed: 5 }).calls.map((cdr) => JSON.stringify(cdr));
const start = (JSON.parse(text[0]) as CallRecord).timestamp;
// In production each record arrives parsed (its own strings) and is dropped after update(),
// so the store owns the receiver strings it keeps: feed fresh copies, as a parser would.
const before = heapAfterGc();
const store = new OnlineFeatureStore();
for (const line of text) store.update(JSON.parse(line) as CallRecord);
const after = heapAfterGc();
const measured = (after - before) / store.size;

const burst = new OnlineFeatureStore({ maxCallsPerCaller: 4096 });
const burstBefore = heapAfterGc();
for (let i = 0; i < 50_000; i++) {
  const record = {
    callId: `b${i}`,
    callerId: '+917000000001',
    receiverId: `+9180${String(i).padStart(8, '0')}`,
    durationSec: 1,
    timestamp: start + i * 100,
    originRegion: 'Delhi',
    targetRegion: 'Mumbai',
  };
  burst.update(JSON.parse(JSON.stringify(record)) as CallRecord);
}
const burstMeasured = heapAfterGc() - burstBefore;

const result = {
  callers: store.size,
  calls: text.length,
  measuredBytesPerCaller: Math.round(measured),
  estimatedBytesPerCaller: Math.round(store.bytesPerCaller()),
  burstCaller: {
    calls: 50_000,
    keptCalls: burst.callCount('+917000000001'),
    measuredBytes: burstMeasured,
    estimatedBytes: Math.round(burst.bytesPerCaller()),
    boundBytes: burst.maxBytesPerCaller(),
  },
};
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `Tracked callers: ${result.callers} (${result.calls} calls over 2 days, 24 h window)`,
      `Heap per tracked caller: ${result.measuredBytesPerCaller} B measured, ${result.estimatedBytesPerCaller} B estimated`,
      `One burst caller after 50,000 calls: ${result.burstCaller.keptCalls} calls kept, ${result.burstCaller.measuredBytes} B measured, bound ${result.burstCaller.boundBytes} B`,
    ].join('\n') + '\n',
  );
}
