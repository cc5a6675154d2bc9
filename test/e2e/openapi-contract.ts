/**
 * Checks real HTTP answers against an OpenAPI 3.1 document as served: finds the operation by method and
 * path template, the response by status, and validates the body with the document's own JSON Schema
 * (ajv, draft 2020-12). Records which operations were exercised.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;

/** An OpenAPI document as fetched. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
}

/** The validator of one document. */
export class Contract {
  readonly exercised = new Set<string>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ReturnType<Ajv2020['compile']>>();

  constructor(readonly doc: OpenApiDoc) {
    this.ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  }

  /** The documented template (`/api/v1/servers/{name}`) a concrete path matches. */
  template(path: string): string | undefined {
    const segs = path.split('?')[0]!.split('/');
    return Object.keys(this.doc.paths).find((t) => {
      const parts = t.split('/');
      return parts.length === segs.length && parts.every((p, i) => p.startsWith('{') || p === segs[i]);
    });
  }

  /**
   * Validates a JSON body answered to `method path` with `status`; returns the list of problems (empty when
   * it conforms). Unknown operations and undocumented statuses are problems too.
   */
  check(
    method: string,
    path: string,
    status: number,
    body: unknown,
    mediaType = 'application/json',
  ): string[] {
    const template = this.template(path);
    // An unknown path has no operation, but its error answer still has the one documented shape.
    if (!template)
      return status >= 400
        ? this.validate('error', { $ref: '#/components/schemas/Error' }, body)
        : [`${path} is not documented`];
    const op = this.doc.paths[template]![method.toLowerCase()] as
      { responses: Record<string, { content?: Record<string, { schema?: Json }> }> } | undefined;
    if (!op) return [`${method} ${template} is not documented`];
    this.exercised.add(`${method.toLowerCase()} ${template}`);
    const response = op.responses[String(status)] ?? op.responses.default;
    if (!response) return [`${method} ${template} documents no ${status} answer`];
    const schema = response.content?.[mediaType]?.schema;
    if (!schema) return [`${method} ${template} ${status} documents no ${mediaType} body`];
    return this.validate(`${method} ${template} ${status} ${mediaType}`, schema, body);
  }

  private validate(key: string, schema: Json, body: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema));
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}

/** Points `#/components/...` references at the document schema registered as `doc`. */
function rebase(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/')) as Json;
}
