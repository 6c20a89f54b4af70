import { describe, expect, it } from 'vitest';
import { slaDetail, slaState } from './case-sla';

const opened = '2026-11-24T00:00:00.000Z';
const due = '2026-11-25T00:00:00.000Z'; // a 24-hour SLA
const at = (iso: string) => new Date(iso);

describe('slaState', () => {
  it('is on time early in the SLA window', () => {
    expect(slaState({ status: 'OPEN', createdAt: opened, dueAt: due }, at('2026-11-24T06:00:00Z'))).toBe(
      'ON_TIME',
    );
  });

  it('is due soon in the last quarter of the window', () => {
    expect(
      slaState({ status: 'INVESTIGATING', createdAt: opened, dueAt: due }, at('2026-11-24T19:00:00Z')),
    ).toBe('DUE_SOON');
  });

  it('is due soon in the last hour even of a short window', () => {
    const shortDue = '2026-11-24T04:00:00.000Z';
    expect(slaState({ status: 'OPEN', createdAt: opened, dueAt: shortDue }, at('2026-11-24T03:10:00Z'))).toBe(
      'DUE_SOON',
    );
  });

  it('is breached once the due time has passed', () => {
    expect(slaState({ status: 'ESCALATED', createdAt: opened, dueAt: due }, at('2026-11-25T00:00:01Z'))).toBe(
      'BREACHED',
    );
  });

  it('no longer counts for a closed case, however late', () => {
    expect(slaState({ status: 'CLOSED', createdAt: opened, dueAt: due }, at('2026-12-01T00:00:00Z'))).toBe(
      'CLOSED',
    );
  });
});

describe('slaDetail', () => {
  it('says how long is left or how long overdue in plain units', () => {
    expect(slaDetail(due, at('2026-11-24T21:00:00Z'))).toBe('3 h left');
    expect(slaDetail(due, at('2026-11-25T00:30:00Z'))).toBe('30 min overdue');
    expect(slaDetail(due, at('2026-11-28T00:00:00Z'))).toBe('3 d overdue');
  });
});
