import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import fp from 'fastify-plugin';

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
 * Bodies are validated exactly: "12" is not a number. Query strings and path parameters are text
 * by nature, so they are coerced to the declared types.
 */
const exact = addFormats(new Ajv({ ...shared, coerceTypes: false }));
const coercing = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));

export const compileValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? exact : coercing).compile(schema as object);

/** For multipart routes: the body schema documents the form; its fields are checked by the handler as parts arrive. */
export const multipartValidator: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? () => true : compileValidator(route);

/** Compiles a schema for checking values by hand (multipart fields), with the body rules. */
export function compileExact(schema: object) {
  return exact.compile(schema);
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
