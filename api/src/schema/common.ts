// Scalars, enums and the typed errors every domain shares.
import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder';
import { echo } from '../services/echo';
import { InvalidTransitionError, NotFoundError, RateLimitError, ValidationError } from '../services/errors';
import { InvalidNumberError } from '../services/phone-numbers';

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time with a time zone (Z or an offset such as +05:30), returned in UTC',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalidDate('DateTime must be an ISO-8601 string');
    return parseDate(ast.value);
  },
});

// Without a zone, "10:00" is the server's local time: a different instant on every machine.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function invalidDate(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function parseDate(value: unknown): Date {
  const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  if (typeof value !== 'string' || !match) {
    const zoneless = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value);
    throw invalidDate(
      zoneless
        ? `DateTime "${echo(value)}" has no time zone; add Z (UTC) or an offset such as +05:30`
        : 'DateTime must be an ISO-8601 string with a time zone, such as 2026-11-23T10:00:00Z',
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const date = new Date(value);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw invalidDate(`"${echo(value)}" is not a valid DateTime`);
  }
  if (Number.isNaN(date.getTime())) throw invalidDate(`"${echo(value)}" is not a valid DateTime`);
  return date;
}

export const VerdictEnum = builder.enumType('Verdict', {
  values: {
    SAFE: {},
    SUSPICIOUS: {},
    DANGEROUS: {},
    UNKNOWN: {
      description:
        'Nothing is known yet: never seen calling or not yet scored, not reported, on no list. Not the same as SAFE.',
    },
  } as const,
});
export const FraudCategoryEnum = builder.enumType('FraudCategory', {
  values: ['WANGIRI', 'IMPERSONATION', 'LOTTERY', 'KYC_PHISHING', 'SIM_BOX', 'OTHER'] as const,
});
export const CampaignStatusEnum = builder.enumType('CampaignStatus', {
  values: ['ACTIVE', 'CONTAINED', 'CLOSED'] as const,
});
export const AlertSeverityEnum = builder.enumType('AlertSeverity', {
  values: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const,
});
export const AlertStatusEnum = builder.enumType('AlertStatus', {
  values: ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const,
});
export const AlertKindEnum = builder.enumType('AlertKind', {
  values: ['NUMBER_DANGEROUS', 'BURST', 'NEW_CAMPAIGN', 'REPORTED_NUMBER', 'NUMBER_BLOCKED'] as const,
});
export const RoleEnum = builder.enumType('Role', {
  values: ['ANONYMOUS', 'ANALYST', 'OPERATOR', 'ADMIN', 'AUDITOR'] as const,
});

export const ErrorInterface = builder.interfaceRef<Error & { code: string }>('Error').implement({
  description: 'Every typed error returned in a result union implements this.',
  fields: (t) => ({ message: t.exposeString('message'), code: t.exposeString('code') }),
});

builder.objectType(InvalidNumberError, {
  name: 'InvalidNumberError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ input: t.exposeString('input') }),
});

const ValidationIssueRef = builder.objectRef<{ path: string; message: string }>('ValidationIssue').implement({
  fields: (t) => ({ path: t.exposeString('path'), message: t.exposeString('message') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [ValidationIssueRef], resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, { name: 'NotFoundError', interfaces: [ErrorInterface] });
builder.objectType(InvalidTransitionError, { name: 'InvalidTransitionError', interfaces: [ErrorInterface] });
builder.objectType(RateLimitError, {
  name: 'RateLimitError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSec: t.exposeInt('retryAfterSec') }),
});
