import { Type } from 'typebox';
import { DateTime, Nullable, Page, PageQuery } from './common.ts';

export const jobStates = ['queued', 'running', 'succeeded', 'dead', 'cancelled'] as const;

export const JobIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$', description: 'A job id (digits)' }) }, { additionalProperties: false });

/** A background job. Its payload is never shown: it may hold credentials. */
export const JobSchema = Type.Object({
  id: Type.String({ description: 'Digits; higher is newer' }),
  queue: Type.String({ description: 'What kind of work, e.g. `import`' }),
  state: Type.Enum(jobStates, {
    description: '`queued` (waiting, or for its next attempt at `runAt`), `running`, `succeeded`, `dead` (out of attempts: see `lastError`; retry it), `cancelled`',
  }),
  ref: Nullable(Type.String({ description: 'What the job is about, e.g. `import:<id>`' })),
  priority: Type.Integer(),
  attempts: Type.Integer({ description: 'Attempts started so far' }),
  maxAttempts: Type.Integer(),
  runAt: DateTime,
  leaseOwner: Nullable(Type.String({ description: 'The worker running it (`host:pid:id`)' })),
  leaseExpiresAt: Nullable(DateTime),
  cancelRequested: Type.Boolean({ description: 'Cancellation was asked for while it ran; the handler stops at its next heartbeat' }),
  progress: Type.Unknown({ description: 'What the handler last reported' }),
  result: Type.Unknown(),
  lastError: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  startedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
});

export const ListJobsQuery = Type.Object(
  {
    ...PageQuery,
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    state: Type.Optional(Type.Enum(jobStates)),
    ref: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const JobsPage = Page(JobSchema);
