import { describe, expect, it } from 'vitest';
import { auditCsvParams, auditFilterFromParams, istInputToIso } from './audit-filter';

describe('the audit page’s filters', () => {
  it('reads person, action, target and an IST time window from the URL', () => {
    const { filter, problems } = auditFilterFromParams(
      new URLSearchParams({
        actor: ' asha@example.in ',
        action: 'alert.acknowledge',
        targetType: 'Alert',
        targetId: '',
        from: '2026-11-26T09:00',
        to: '2026-11-26T17:30',
      }),
    );
    expect(problems).toEqual([]);
    expect(filter).toEqual({
      actor: 'account:asha@example.in',
      action: 'alert.acknowledge',
      targetType: 'Alert',
      from: '2026-11-26T03:30:00.000Z',
      to: '2026-11-26T12:00:00.000Z',
    });
  });

  it('finds a person by the email they sign in with, and a key by its recorded actor', () => {
    expect(auditFilterFromParams(new URLSearchParams({ actor: 'Asha@Bank.in' })).filter.actor).toBe(
      'account:asha@bank.in',
    );
    expect(auditFilterFromParams(new URLSearchParams({ actor: 'key:fraud desk' })).filter.actor).toBe(
      'key:fraud desk',
    );
  });

  it('ignores a time that is not one, and says so', () => {
    const { filter, problems } = auditFilterFromParams(new URLSearchParams({ from: "'; DROP TABLE" }));
    expect(filter).toEqual({});
    expect(problems[0]).toMatch(/From/);
  });

  it('caps very long text', () => {
    const { filter } = auditFilterFromParams(new URLSearchParams({ actor: 'x'.repeat(5000) }));
    expect(filter.actor?.length).toBe(200);
  });

  it('turns a filter into the CSV export’s query', () => {
    expect(auditCsvParams({ actor: 'a', from: '2026-11-26T03:30:00.000Z' }).toString()).toBe(
      'actor=a&from=2026-11-26T03%3A30%3A00.000Z',
    );
  });

  it('refuses impossible dates', () => {
    expect(istInputToIso('2026-13-45T99:99')).toBeNull();
  });
});
