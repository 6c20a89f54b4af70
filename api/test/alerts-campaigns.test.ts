import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

describe('alerts', () => {
  async function raise() {
    const alert = await api.app.alerts.raise({
      kind: 'BURST',
      severity: 'HIGH',
      title: 'burst',
      message: 'a burst of calls',
      number: uniqueNumber(),
      dedupeKey: `test:${Math.random()}`,
    });
    if (!alert) throw new Error('alert was not raised');
    return alert;
  }

  it('dedupes alerts with the same key', async () => {
    const key = `dedupe:${Math.random()}`;
    const first = await api.app.alerts.raise({
      kind: 'BURST',
      severity: 'LOW',
      title: 't',
      message: 'm',
      dedupeKey: key,
    });
    const second = await api.app.alerts.raise({
      kind: 'BURST',
      severity: 'LOW',
      title: 't',
      message: 'm',
      dedupeKey: key,
    });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
  });

  it('lets an analyst acknowledge then resolve an alert with a note, recording who and when', async () => {
    const alert = await raise();
    const id = toGlobalId('Alert', alert.id);
    const ack = await api.gql(
      `mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename ... on MutationAcknowledgeAlertSuccess { data { status acknowledgedBy acknowledgedAt } } } }`,
      { id },
      api.keys.ANALYST,
    );
    expect(ack.data?.acknowledgeAlert).toMatchObject({
      data: { status: 'ACKNOWLEDGED', acknowledgedBy: expect.stringMatching(/^key:/) },
    });
    const resolved = await api.gql(
      `mutation($id: ID!) { resolveAlert(id: $id, resolution: "blocked at the switch") { __typename ... on MutationResolveAlertSuccess { data { status resolution resolvedBy } } } }`,
      { id },
      api.keys.ANALYST,
    );
    expect(resolved.data?.resolveAlert).toMatchObject({
      data: { status: 'RESOLVED', resolution: 'blocked at the switch' },
    });
  });

  it('answers acknowledging a resolved alert with InvalidTransitionError and changes nothing', async () => {
    const alert = await raise();
    await api.app.db.alert.update({ where: { id: alert.id }, data: { status: 'RESOLVED' } });
    const result = await api.gql(
      `mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename ... on Error { code } } }`,
      { id: toGlobalId('Alert', alert.id) },
      api.keys.ANALYST,
    );
    expect(result.data?.acknowledgeAlert).toEqual({
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
    });
    expect((await api.app.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).acknowledgedAt).toBeNull();
  });

  it('answers an unknown alert id with NotFoundError and an empty resolution with ValidationError', async () => {
    const missing = await api.gql(
      `mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename } }`,
      { id: toGlobalId('Alert', '00000000-0000-0000-0000-000000000000') },
      api.keys.ANALYST,
    );
    expect(missing.data?.acknowledgeAlert).toEqual({ __typename: 'NotFoundError' });
    const alert = await raise();
    const empty = await api.gql(
      `mutation($id: ID!) { resolveAlert(id: $id, resolution: "   ") { __typename } }`,
      { id: toGlobalId('Alert', alert.id) },
      api.keys.ANALYST,
    );
    expect(empty.data?.resolveAlert).toEqual({ __typename: 'ValidationError' });
  });

  it('filters alerts by status and severity and pages through them', async () => {
    for (let i = 0; i < 3; i += 1) await raise();
    const page = await api.gql<{
      alerts: {
        totalCount: number;
        edges: { node: { severity: string; status: string } }[];
        pageInfo: { hasNextPage: boolean };
      };
    }>(
      '{ alerts(status: OPEN, severity: HIGH, first: 2) { totalCount edges { node { severity status } } pageInfo { hasNextPage endCursor } } }',
      undefined,
      api.keys.ANALYST,
    );
    expect(page.data?.alerts.edges).toHaveLength(2);
    expect(page.data?.alerts.totalCount).toBeGreaterThanOrEqual(3);
    expect(page.data?.alerts.pageInfo.hasNextPage).toBe(true);
    for (const edge of page.data?.alerts.edges ?? [])
      expect(edge.node).toEqual({ severity: 'HIGH', status: 'OPEN' });
  });
});

describe('campaigns', () => {
  async function seedCampaign() {
    const members = [uniqueNumber(), uniqueNumber()];
    const targets = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
    const calls = members.flatMap((caller) =>
      targets.map((receiver) => callInput({ caller, receiver, durationSec: 2 })),
    );
    await api.gql(
      'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
      { c: calls },
      api.keys.OPERATOR,
    );
    const campaign = await api.app.db.campaign.create({
      data: {
        name: 'Test Wangiri ring',
        type: 'WANGIRI',
        firstSeen: new Date(Date.now() - 3600_000),
        lastSeen: new Date(),
        regions: ['Delhi'],
        nodeCount: 5,
        members: {
          create: members.map((number, i) => ({ number, role: i === 0 ? 'ORGANISER' : 'MEMBER', calls: 3 })),
        },
      },
    });
    return { campaign, members, targets };
  }

  it('shows a campaign with its members and a graph of members calling their targets', async () => {
    const { campaign, members, targets } = await seedCampaign();
    const result = await api.gql<{
      campaign: {
        name: string;
        members: { number: string }[];
        graph: { nodes: { id: string; role: string }[]; links: { calls: number }[] };
      };
    }>(
      'query($id: ID!) { campaign(id: $id) { name type members { number role } graph { nodes { id number role riskScore } links { source target calls } } } }',
      { id: toGlobalId('Campaign', campaign.id) },
      api.keys.ANALYST,
    );
    const shown = result.data?.campaign;
    expect(shown?.members.map((m) => m.number).sort()).toEqual([...members].sort());
    expect(
      shown?.graph.nodes
        .filter((n) => n.role === 'TARGET')
        .map((n) => n.id)
        .sort(),
    ).toEqual([...targets].sort());
    expect(shown?.graph.links).toHaveLength(6);
    expect(shown?.graph.links.every((l) => l.calls === 1)).toBe(true);
  });

  it('lists campaigns by status and type, and an analyst can change a campaign’s status', async () => {
    const { campaign } = await seedCampaign();
    const id = toGlobalId('Campaign', campaign.id);
    const updated = await api.gql(
      'mutation($id: ID!) { updateCampaignStatus(id: $id, status: CONTAINED) { __typename ... on MutationUpdateCampaignStatusSuccess { data { status } } } }',
      { id },
      api.keys.ANALYST,
    );
    expect(updated.data?.updateCampaignStatus).toEqual({
      __typename: 'MutationUpdateCampaignStatusSuccess',
      data: { status: 'CONTAINED' },
    });
    const listed = await api.gql<{ campaigns: { edges: { node: { id: string; status: string } }[] } }>(
      '{ campaigns(status: CONTAINED, type: WANGIRI, first: 100) { edges { node { id status } } } }',
      undefined,
      api.keys.ANALYST,
    );
    expect(listed.data?.campaigns.edges.map((e) => e.node.id)).toContain(id);
  });

  it('shows the campaign in checkNumber for a member', async () => {
    const { campaign, members } = await seedCampaign();
    const result = await api.gql<{ checkNumber: { data: { campaign: { name: string } | null } } }>(
      'query($n: String!) { checkNumber(number: $n) { ... on QueryCheckNumberSuccess { data { campaign { name } } } } }',
      { n: members[0] },
      api.keys.ANALYST,
    );
    expect(result.data?.checkNumber.data.campaign?.name).toBe(campaign.name);
  });
});
