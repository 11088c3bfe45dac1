import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { FastifySchemaCompiler } from 'fastify';
import fp from 'fastify-plugin';
import { isStorableTime } from '../lib/dates.ts';
import { pointerSegment } from './problem.ts';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const shared: Options = {
  // Unknown fields are an error (additionalProperties: false), not silently dropped as Fastify's default does.
  removeAdditional: false,
  useDefaults: true,
  // Report every failing field. Bodies are size-limited and arrays/strings carry max bounds.
  allErrors: true,
  strict: false,
};

/**
 * Days and times as ajv-formats reads them, limited to what is stored: years 0001–9999, and no
 * leap second (`23:59:60` is valid RFC 3339 but no JavaScript Date).
 */
function withStorableDates(ajv: Ajv): Ajv {
  const rfc3339 = (name: 'date' | 'date-time') => (fullFormats[name] as { validate: (s: string) => boolean }).validate;
  const [isDate, isDateTime] = [rfc3339('date'), rfc3339('date-time')];
  ajv.addFormat('date', (s: string) => isDate(s) && isStorableTime(new Date(`${s}T00:00:00Z`)));
  ajv.addFormat('date-time', (s: string) => isDateTime(s) && isStorableTime(new Date(s)));
  return ajv;
}

/**
 * Bodies are validated exactly: "12" is not a number. Query strings and path parameters are text
 * by nature, so they are coerced to the declared types.
 */
const exact = withStorableDates(addFormats(new Ajv({ ...shared, coerceTypes: false })));
const coercing = withStorableDates(addFormats(new Ajv({ ...shared, coerceTypes: 'array' })));

/** Deeper than this no request value is nested: real payloads nest a handful of levels. */
export const maxNesting = 64;

/**
 * The first place a value breaks the rules no schema states: a string (or key) holding a NUL
 * character, or nesting deeper than `maxNesting`. It walks with its own stack, not recursion: a
 * body nested 100,000 levels deep (JSON.parse builds it without complaint) must be refused, not
 * overflow the call stack.
 */
function unsafeValue(value: unknown): { pointer: string; keyword: 'nul' | 'depth' } | null {
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value, pointer: '', depth: 0 }];
  while (stack.length) {
    const here = stack.pop()!;
    if (typeof here.value === 'string') {
      if (here.value.includes('\u0000')) return { pointer: here.pointer, keyword: 'nul' };
      continue;
    }
    if (here.value === null || typeof here.value !== 'object') continue;
    if (here.depth >= maxNesting) return { pointer: here.pointer, keyword: 'depth' };
    const entries: [string, unknown][] = Object.entries(here.value as Record<string, unknown>);
    // Pushed last-first so the first field is looked at first, as a reader would.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      const pointer = here.pointer + pointerSegment(key);
      if (key.includes('\u0000')) return { pointer, keyword: 'nul' };
      stack.push({ value: item, pointer, depth: here.depth + 1 });
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold a NUL character, so no request value may carry one, nor be nested
 * past any use: the schema's check, then this one, for every path parameter, query and body.
 */
function refusingNul(validate: ValidateFunction): ValidateFunction {
  const check = ((data: unknown) => {
    if (!validate(data)) {
      check.errors = validate.errors;
      return false;
    }
    const unsafe = unsafeValue(data);
    const message = unsafe?.keyword === 'depth' ? `must not be nested more than ${maxNesting} levels deep` : 'must not contain a NUL character';
    check.errors = unsafe === null ? null : [{ instancePath: unsafe.pointer, schemaPath: '#', keyword: unsafe.keyword, params: {}, message }];
    return unsafe === null;
  }) as ValidateFunction;
  return check;
}

export const compileValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  refusingNul((httpPart === 'body' ? exact : coercing).compile(schema as object));

/** The text fields of a multipart form, as the multipart reader collects them for `multipartValidator`. */
export class FormFields {
  [name: string]: string;
}

type ObjectSchema = { properties?: Record<string, { format?: string }>; required?: string[] };

/** A form's schema without its file properties: what its text fields must satisfy. */
function fieldsOf(schema: ObjectSchema): object {
  const files = new Set(Object.entries(schema.properties ?? {}).filter(([, p]) => p.format === 'binary').map(([name]) => name));
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => !files.has(name))),
    required: (schema.required ?? []).filter((name) => !files.has(name)),
  };
}

/**
 * For multipart routes the body is not parsed before the handler: the body schema is compiled
 * without its file properties, and the multipart reader checks the text fields with it
 * (`request.getValidationFunction('body')`) once they have arrived.
 */
export const multipartValidator: FastifySchemaCompiler<unknown> = (route) => {
  if (route.httpPart !== 'body') return compileValidator(route);
  const validate = compileExact(fieldsOf(route.schema as ObjectSchema));
  const check = ((data: unknown) => {
    // Fastify calls this before the handler, when the form has not been read yet (and a body
    // that is not a form is refused as 415 by the reader): only the reader's fields are checked.
    if (!(data instanceof FormFields)) return true;
    const ok = validate(data);
    check.errors = validate.errors;
    return ok;
  }) as ValidateFunction;
  return check;
};

/** Compiles a schema for checking values by hand (multipart fields), with the body rules. */
export function compileExact(schema: object) {
  return refusingNul(exact.compile(schema));
}

export const validationPlugin = fp(
  async (app) => {
    app.setValidatorCompiler(compileValidator);
    // A route that declares no query parameters accepts none: a typo in a filter name is an error,
    // not a silently unfiltered answer.
    app.addHook('onRoute', (route) => {
      if (route.schema && !route.schema.querystring) {
        route.schema.querystring = { type: 'object', properties: {}, additionalProperties: false };
      }
    });
  },
  { name: 'validation' },
);
