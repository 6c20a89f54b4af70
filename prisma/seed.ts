// `npm run db:seed`: fills the database (DATABASE_URL, or the embedded one) with a realistic,
// reproducible month of traffic: the ml generator's subscribers and fraud campaigns (faker
// en_IN, PRODUCT.md's distributions) played through the real pipeline, so every score,
// verdict, campaign and alert in it was computed by the model, never typed in.
//
// Options: --callers N (800) --days D (30) --fraud-ratio R (0.05) --seed S (42) --reports R (0.3:
// share of fraudsters citizens report). Re-running is harmless: calls are idempotent by id.
import { parseArgs } from 'node:util';
import { base, en, en_IN, Faker } from '@faker-js/faker';
import { generateDataset } from '@satark/ml';
import { startApi } from '../api/src/server';
import { reportNumber } from '../api/src/services/numbers';
import { toCallInput } from '../api/src/services/simulator';

const { values } = parseArgs({
  options: {
    callers: { type: 'string', default: '800' },
    days: { type: 'string', default: '30' },
    'fraud-ratio': { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '42' },
    reports: { type: 'string', default: '0.3' },
  },
});
const callers = Number(values.callers);
const days = Number(values.days);
const fraudRatio = Number(values['fraud-ratio']);
const seed = Number(values.seed);
const reportShare = Number(values.reports);
if (!Number.isInteger(callers) || callers < 50) fail('--callers must be an integer of at least 50');
if (!Number.isInteger(days) || days < 1 || days > 300) fail('--days must be an integer from 1 to 300');
if (!(fraudRatio >= 0 && fraudRatio < 0.5)) fail('--fraud-ratio must be in [0, 0.5)');
if (!Number.isInteger(seed) || seed < 0) fail('--seed must be a non-negative integer');
if (!(reportShare >= 0 && reportShare <= 1)) fail('--reports must be in [0, 1]');

function fail(message: string): never {
  console.error(`db:seed: ${message}`);
  process.exit(2);
}

const DESCRIPTIONS = {
  WANGIRI: [
    'Missed call from this number at 2 am, one ring only.',
    'Rang once and cut, then again from a similar number.',
  ],
  IMPERSONATION: [
    'Said he was from the cyber police and my Aadhaar was used in a crime.',
    'Claimed to be a customs officer holding a parcel in my name.',
  ],
  LOTTERY: [
    'Told me I won 25 lakh in a KBC lucky draw and asked for a processing fee.',
    'Lottery prize call, wanted GST paid first.',
  ],
  KYC_PHISHING: [
    'Asked me to update KYC or my bank account would be blocked, wanted the OTP.',
    'Said my SIM will be deactivated today unless I complete e-KYC on a link.',
  ],
  SIM_BOX: [
    'International call showed up as a local number, line was very poor.',
    'Caller ID was Indian but the call came from abroad.',
  ],
} as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;
// The data ends a little before now, on a whole hour, so a re-run on the same day makes the same calls.
const end = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const start = end - days * DAY;

const started = performance.now();
process.stderr.write(`Generating ${callers} subscribers over ${days} days (seed ${seed})...\n`);
const dataset = generateDataset({ callers, days, fraudRatio, seed, start });
process.stderr.write(
  `  ${dataset.calls.length.toLocaleString()} calls, ${dataset.campaigns.length} campaigns in the ground truth\n`,
);

const api = await startApi({
  port: 0,
  host: '127.0.0.1',
  simulator: false,
  logLevel: 'warn',
  env: { CAMPAIGN_INTERVAL_MS: String(3_600_000), MAX_INGEST_BATCH: '5000' },
});
try {
  const { app } = api;
  let accepted = 0;
  let duplicate = 0;
  let nextDetection = start + 6 * HOUR;
  const batchSize = 5000;
  for (let i = 0; i < dataset.calls.length; i += batchSize) {
    const batch = dataset.calls.slice(i, i + batchSize);
    const result = await app.ingest(
      batch.map((cdr) => toCallInput({ ...cdr, callId: `seed-${seed}-${cdr.callId}` })),
    );
    if (result.rejected > 0)
      throw new Error(`rejected calls: ${JSON.stringify(result.rejections.slice(0, 3))}`);
    accepted += result.accepted;
    duplicate += result.duplicate;
    const reached = (batch.at(-1)?.timestamp ?? end) as number;
    if (reached >= nextDetection || i + batchSize >= dataset.calls.length) {
      await app.campaigns.tick();
      nextDetection = reached + 6 * HOUR;
    }
    const day = Math.min(days, Math.floor((reached - start) / DAY) + 1);
    process.stderr.write(`\r  day ${day}/${days}: ${(i + batch.length).toLocaleString()} calls played`);
  }
  process.stderr.write('\n');

  // Citizens report some of the fraudsters that called them.
  const faker = new Faker({ locale: [en_IN, en, base], seed });
  const fraudsters = dataset.subscribers.filter((s) => s.isFraud && s.category);
  let reports = 0;
  for (const fraudster of fraudsters) {
    if (faker.number.float() >= reportShare) continue;
    const count = faker.number.int({ min: 1, max: 4 });
    for (let k = 0; k < count; k++) {
      await reportNumber(
        app.db,
        app.alerts,
        {
          number: fraudster.number,
          category: fraudster.category as NonNullable<typeof fraudster.category>,
          description: `${faker.person.fullName()} from ${fraudster.region}: ${faker.helpers.arrayElement(DESCRIPTIONS[fraudster.category as keyof typeof DESCRIPTIONS])}`,
        },
        {
          // Each seeded report is a different citizen: one reporter counts once per number.
          reporter: { id: `anonymous:seed-${reports}`, kind: 'ANONYMOUS', trusted: false },
          descriptionMax: app.config.REPORT_DESCRIPTION_MAX,
          trustedReportersNeeded: app.config.TRUSTED_REPORTERS_NEEDED,
        },
      );
      reports++;
    }
  }

  const [numbers, dangerous, campaigns, alerts] = await Promise.all([
    app.db.phoneNumber.count({ where: { riskScore: { not: null } } }),
    app.db.phoneNumber.count({ where: { verdict: 'DANGEROUS' } }),
    app.db.campaign.count(),
    app.db.alert.count(),
  ]);
  console.log(
    JSON.stringify({
      seed,
      callers,
      days,
      callsAccepted: accepted,
      callsAlreadyThere: duplicate,
      scoredNumbers: numbers,
      dangerousNumbers: dangerous,
      campaigns,
      alerts,
      reports,
      modelVersion: app.models.version,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    }),
  );
} finally {
  await api.close();
}
