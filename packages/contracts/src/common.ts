import { Type, type Static, type TSchema } from 'typebox';

/** RFC 9457 problem details, with a stable machine-readable `code`. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }), {
        description: 'Each failing field, as a JSON pointer into the request (/body/..., /query/..., /params/...)',
      }),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);
export type Problem = Static<typeof ProblemSchema>;

export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** A calendar day, `YYYY-MM-DD`. License windows are whole days in UTC. */
export const DateOnly = Type.String({ format: 'date', examples: ['2026-12-31'] });
export const DateTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' });
/** Amounts are stored as DECIMAL(14, 2): at most 999,999,999,999.99. */
export const Money = Type.Number({ minimum: 0, maximum: 999_999_999_999.99, multipleOf: 0.01 });
/** Counts and pixel sizes are stored as 32-bit integers. */
export const Count = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
export const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page' })),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Nullable(Type.String()),
  });
