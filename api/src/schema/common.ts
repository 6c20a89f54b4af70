// Scalars, enums and the typed errors every domain shares.
import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder';
import { InvalidTransitionError, NotFoundError, RateLimitError, ValidationError } from '../services/errors';
import { InvalidNumberError } from '../services/phone-numbers';

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time in UTC',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return parseDate(ast.value);
  },
});

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new GraphQLError('DateTime must be an ISO-8601 string such as 2026-11-23T10:00:00Z');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`"${value.slice(0, 40)}" is not a valid DateTime`);
  return date;
}

export const VerdictEnum = builder.enumType('Verdict', {
  values: ['SAFE', 'SUSPICIOUS', 'DANGEROUS'] as const,
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
  values: ['NUMBER_DANGEROUS', 'BURST', 'NEW_CAMPAIGN', 'REPORTED_NUMBER'] as const,
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
