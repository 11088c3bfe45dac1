import { errorCodes, type ErrorCode } from '@clearance/contracts';

/** An expected failure with a stable code; the problem plugin turns it into problem+json. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? errorCodes[code].title);
    this.statusCode = errorCodes[code].status;
  }
}

export const notFound = (what: string, id: string) => new AppError('not_found', `${what} ${id} does not exist`);
