// Data for the pages, created the way production creates it: calls through ingestCalls,
// reports through reportNumber (three trusted reporters raise an alert). Campaign detection belongs to
// the pipeline, so the campaign row is written with the API's own Prisma client.
import { randomUUID } from 'node:crypto';
import { createApiKey } from '../../api/src/services/api-keys';
import { type CallInput, call, type Stack, uniqueNumber } from './stack';

export interface Seeded {
  campaignId: string;
  campaignName: string;
  members: string[];
  targets: string[];
  reportedNumber: string;
}

export const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const REGIONS = ['Delhi', 'Mumbai', 'Kolkata', 'Chennai', 'Bangalore', 'Hyderabad'];

/**
 * Three banks report the number: a reporter counts once, and only three distinct trusted
 * reporters (OPERATOR keys) make a number DANGEROUS and raise the REPORTED_NUMBER alert.
 */
export async function reportThreeTimes(stack: Stack, number: string): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    const bank = await createApiKey(stack.api.app.db, {
      name: `e2e-bank-${randomUUID().slice(0, 8)}`,
      role: 'OPERATOR',
    });
    const result = await stack.gql<{ reportNumber: { __typename: string } }>(
      'mutation($input: ReportNumberInput!) { reportNumber(input: $input) { __typename } }',
      { input: { number, category: 'KYC_PHISHING', description: `asked for an OTP (${i + 1})` } },
      bank.key,
    );
    if (result.data?.reportNumber.__typename !== 'MutationReportNumberSuccess') {
      throw new Error(`reportNumber failed: ${JSON.stringify(result)}`);
    }
  }
}

export async function seed(stack: Stack): Promise<Seeded> {
  const members = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
  const targets = Array.from({ length: 8 }, uniqueNumber);
  const campaignCalls: CallInput[] = members.flatMap((caller) =>
    targets.map((receiver) => call({ caller, receiver, durationSec: 2, originRegion: 'Delhi' })),
  );
  const background: CallInput[] = Array.from({ length: 60 }, (_, i) =>
    call({ originRegion: REGIONS[i % REGIONS.length], targetRegion: REGIONS[(i + 2) % REGIONS.length] }),
  );
  await stack.ingest([...campaignCalls, ...background]);

  const campaignName = `E2E KYC ring ${members[0].slice(-4)}`;
  const campaign = await stack.api.app.db.campaign.create({
    data: {
      name: campaignName,
      type: 'KYC_PHISHING',
      firstSeen: new Date(Date.now() - 3600_000),
      lastSeen: new Date(),
      regions: ['Delhi'],
      nodeCount: members.length + targets.length,
      totalCalls: campaignCalls.length,
      affectedUsers: targets.length,
      members: {
        create: members.map((number, i) => ({
          number,
          role: i === 0 ? 'ORGANISER' : 'MEMBER',
          calls: targets.length,
        })),
      },
    },
  });

  const reportedNumber = uniqueNumber();
  await reportThreeTimes(stack, reportedNumber);
  return { campaignId: toGlobalId('Campaign', campaign.id), campaignName, members, targets, reportedNumber };
}
