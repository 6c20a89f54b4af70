// Scalars, enums and the typed errors every domain shares.
import { Kind } from 'graphql';
import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { builder } from '../builder';
import {
  AlertKind,
  AlertSeverity,
  AlertStatus,
  CampaignStatus,
  FraudCategory,
  Role,
  Verdict,
} from '../generated/prisma/enums';
import { echo } from '../services/echo';
import { InvalidTransitionError, NotFoundError, RateLimitError, ValidationError } from '../services/errors';
import { InvalidNumberError } from '../services/phone-numbers';
import { badInput } from './validation';

// RFC 3339 (graphql-scalars), returned as a UTC ISO string. Without a zone, "10:00" would be
// the server's local time, a different instant on every machine: refused with a message saying so.
const ZONELESS = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/;

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && ZONELESS.test(value)) {
    throw badInput(`DateTime "${echo(value)}" has no time zone; add Z (UTC) or an offset such as +05:30`);
  }
  try {
    return DateTimeISOResolver.parseValue(value) as Date;
  } catch {
    throw badInput(
      typeof value === 'string'
        ? `"${echo(value)}" is not a valid DateTime: ISO-8601 with seconds and a time zone, such as 2026-11-23T10:00:00Z`
        : 'DateTime must be an ISO-8601 string with a time zone, such as 2026-11-23T10:00:00Z',
    );
  }
}

builder.addScalarType('DateTime', DateTimeISOResolver, {
  description:
    'An ISO-8601 (RFC 3339) date-time with a time zone (Z or an offset such as +05:30), returned in UTC',
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === 'StringValue' ? ast.value : null),
});
builder.addScalarType('JSON', JSONResolver, {});

// A call's start time is not refused by GraphQL: a batch of 5,000 records must not fail whole for
// one record's time zone. The value goes as sent to the pipeline, which rejects that record alone
// with its reason (pipeline/validate.ts).
builder.scalarType('CallTime', {
  description:
    'When a call started: ISO 8601 with a time zone (such as 2026-11-23T10:00:00+05:30), or epoch milliseconds. Judged per record: a bad one rejects its record alone (IngestResult.rejections).',
  serialize: () => {
    throw new Error('CallTime is an input only');
  },
  parseValue: (value) => value,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return ast.value;
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return Number(ast.value);
    // Not a time (true, an enum, a list...): the pipeline rejects the record, saying what it wants.
    return { literal: ast.kind };
  },
});

// GraphQL enums are Prisma's: one definition of each in prisma/schema.prisma.
export const VerdictEnum = builder.enumType(Verdict, {
  name: 'Verdict',
  values: {
    UNKNOWN: {
      description:
        'Nothing is known yet: never seen calling or not yet scored, not reported, on no list. Not the same as SAFE.',
    },
  },
});
export const FraudCategoryEnum = builder.enumType(FraudCategory, { name: 'FraudCategory' });
export const CampaignStatusEnum = builder.enumType(CampaignStatus, { name: 'CampaignStatus' });
export const AlertSeverityEnum = builder.enumType(AlertSeverity, { name: 'AlertSeverity' });
export const AlertStatusEnum = builder.enumType(AlertStatus, { name: 'AlertStatus' });
export const AlertKindEnum = builder.enumType(AlertKind, { name: 'AlertKind' });
/** A viewer's role: an account's (Prisma's Role) or ANONYMOUS without a key or sign-in. */
export const RoleEnum = builder.enumType({ ANONYMOUS: 'ANONYMOUS', ...Role } as const, { name: 'Role' });

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
