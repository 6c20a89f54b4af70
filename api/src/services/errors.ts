// Typed errors a client can act on; the GraphQL layer returns them as union members.
export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(what: string, id: string) {
    super(`${what} ${id.slice(0, 80)} was not found`);
    this.name = 'NotFoundError';
  }
}

export class InvalidTransitionError extends Error {
  readonly code = 'INVALID_TRANSITION';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTransitionError';
  }
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export class ValidationError extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class RateLimitError extends Error {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSec: number) {
    super(`Too many requests; try again in ${retryAfterSec} s`);
    this.name = 'RateLimitError';
  }
}
