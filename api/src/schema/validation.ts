// How a refused argument reaches the client: fields that list ValidationError among their
// typed errors return it as their result; every other field fails with BAD_USER_INPUT.
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { type ZodError, z } from 'zod';
import { ValidationError, type ValidationIssue } from '../services/errors';
import { parseNumber } from '../services/phone-numbers';

/** A search argument: at most 100 characters (the guard refuses NUL in every string). */
export const SEARCH_TEXT = { schema: z.string().max(100, 'at most 100 characters') };

function issuesOf(error: ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function declaresValidationError(info: GraphQLResolveInfo): boolean {
  const field = info.parentType.getFields()[info.fieldName];
  const options = field?.extensions?.pothosOptions as { errors?: { types?: unknown[] } } | undefined;
  return options?.errors?.types?.includes(ValidationError) ?? false;
}

export function zodValidationError(
  error: ZodError,
  _args: Record<string, unknown>,
  _context: unknown,
  info: GraphQLResolveInfo,
): Error {
  const issues = issuesOf(error);
  const message = issues
    .map((issue) =>
      issue.path && !issue.message.startsWith(issue.path) ? `${issue.path}: ${issue.message}` : issue.message,
    )
    .join('; ');
  if (declaresValidationError(info)) return new ValidationError(message, issues);
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', issues } });
}

/** A refused argument checked by hand (what a Zod schema cannot say). */
export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** A phone number in E.164, or BAD_USER_INPUT saying why it is not one. */
export function e164OrBadInput(input: string): string {
  try {
    return parseNumber(input).e164;
  } catch (error) {
    throw badInput(error instanceof Error ? error.message : 'Not a phone number');
  }
}
