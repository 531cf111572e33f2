import { z } from "zod";
import * as registry from "@/lib/adapters/api/operations";
import { describeBytes, MAX_JSON_BODY_BYTES } from "@/lib/adapters/http/body";
import { errorBodySchema, type ErrorCode } from "@/lib/adapters/http/errors";
import type { Operation, ResponseSpec } from "@/lib/adapters/http/operation";
import packageJson from "@/package.json";
import type { OpenApiDocument } from "@/lib/adapters/api/openapi-document";

export type JsonSchema = { [keyword: string]: unknown };

/** Every operation of the registry in lib/adapters/api/operations.ts, the single source of the document. */
export const allOperations: Operation[] = Object.values<unknown>(registry).filter(
  (value): value is Operation => typeof value === "object" && value !== null && "operationId" in value,
);

export const COMPONENT_REF = "#/components/schemas/";

/** The `error.code` that goes with each status, for the error examples. */
export const ERROR_CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  410: "gone",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable",
  429: "rate_limited",
  500: "internal_error",
  503: "unavailable",
};

/**
 * Converts zod schemas to JSON Schema 2020-12 (OpenAPI 3.1's dialect): schemas with a `meta({ id })`
 * become shared components, requests are described as accepted (`io: "input"`) and responses as
 * produced (`io: "output"`).
 */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const {
      $schema: _dialect,
      $defs = {},
      ...root
    } = z.toJSONSchema(schema, {
      io,
      unrepresentable: "any",
      override: ({ jsonSchema }) => {
        // `meta({ example })` is OpenAPI 3.0 style; JSON Schema 2020-12 has `examples`.
        if ("example" in jsonSchema) {
          jsonSchema.examples = [jsonSchema.example];
          delete jsonSchema.example;
        }
      },
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, definition] of Object.entries($defs)) {
      const component = toComponentRefs(definition);
      const existing = this.components[id];
      if (existing && JSON.stringify(existing) !== JSON.stringify(component)) {
        throw new Error(`schema id "${id}" stands for two different schemas (an input and an output?)`);
      }
      this.components[id] = component;
    }
    return toComponentRefs(root);
  }
}

const toComponentRefs = (schema: JsonSchema): JsonSchema =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', `"${COMPONENT_REF}`)) as JsonSchema;

const EXAMPLE_BY_FORMAT: Record<string, string> = {
  uuid: "0b9e7c1e-3f5a-4c2d-9d8e-6a1b2c3d4e5f",
  "date-time": "2026-05-10T08:00:00.000Z",
  uri: "https://racekeys.example/",
  email: "organiser@example.com",
};

/**
 * An example value built from a schema: its own examples first, then enums, defaults and formats.
 * Optional properties appear only when they have an example of their own. Tests check that every
 * example validates against its schema.
 */
export function exampleOf(schema: JsonSchema, components: Record<string, JsonSchema>): unknown {
  if (typeof schema.$ref === "string")
    return exampleOf(components[schema.$ref.slice(COMPONENT_REF.length)] ?? {}, components);
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ("const" in schema) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) return exampleOf(branches.find((branch) => branch.type !== "null") ?? branches[0]!, components);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const entries = Object.entries(properties).filter(
        ([name, property]) => required.has(name) || hasOwnExample(property),
      );
      return Object.fromEntries(entries.map(([name, property]) => [name, exampleOf(property, components)]));
    }
    case "array":
      return [exampleOf((schema.items ?? {}) as JsonSchema, components)];
    case "string":
      return EXAMPLE_BY_FORMAT[String(schema.format)] ?? "string";
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return {};
  }
}

const hasOwnExample = (schema: JsonSchema) => Array.isArray(schema.examples) && schema.examples.length > 0;

const errorContent = (converter: SchemaConverter, status: number, description: string) => ({
  "application/json": {
    schema: converter.convert(errorBodySchema, "output"),
    example: { error: { code: ERROR_CODE_OF_STATUS[status] ?? "invalid_request", message: description } },
  },
});

const RESPONSE_HEADERS: Record<number, Record<string, { description: string; schema: JsonSchema }>> = {
  401: { "WWW-Authenticate": { description: 'Bearer realm="racekeys"', schema: { type: "string" } } },
  429: { "Retry-After": { description: "Seconds until a new attempt can succeed", schema: { type: "integer" } } },
  503: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } } },
};

function responseObject(converter: SchemaConverter, status: number, spec: ResponseSpec) {
  const headers = RESPONSE_HEADERS[status];
  const base = { description: spec.description, ...(headers ? { headers } : {}) };
  if (spec.schema === errorBodySchema) return { ...base, content: errorContent(converter, status, spec.description) };
  const contentTypes = spec.contentTypes ?? (spec.schema ? ["application/json"] : []);
  if (!contentTypes.length) return base;
  const content = Object.fromEntries(
    contentTypes.map((type) => {
      if (type === "application/json" && spec.schema) {
        const schema = converter.convert(spec.schema, "output");
        return [type, { schema, example: exampleOf(schema, converter.components) }];
      }
      return [
        type,
        { schema: type.startsWith("text/") ? { type: "string" } : { type: "string", contentMediaType: type } },
      ];
    }),
  );
  return { ...base, content };
}

/** Path, query or header parameters from an object schema's properties. */
function parameters(converter: SchemaConverter, schema: z.ZodType | undefined, where: "path" | "query" | "header") {
  if (!schema) return [];
  const json = converter.convert(schema, "input");
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
    ...(hasOwnExample(property) ? { example: (property.examples as unknown[])[0] } : {}),
  }));
}

function operationObject(converter: SchemaConverter, operation: Operation) {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    responses[status] = responseObject(converter, Number(status), spec);
  }
  const { rawBody } = operation;
  const generic: Array<[number, string, boolean]> = [
    [400, "Invalid request", Boolean(operation.params || operation.query || operation.body || rawBody)],
    [
      413,
      `The body is larger than ${describeBytes(rawBody?.maxBytes ?? MAX_JSON_BODY_BYTES)}`,
      Boolean(operation.body || rawBody),
    ],
    [
      415,
      rawBody
        ? `The body is not ${rawBody.description} (Content-Type: ${rawBody.contentTypes.join(", ")})`
        : "The body is not JSON (Content-Type: application/json)",
      Boolean(operation.body || rawBody),
    ],
  ];
  for (const [status, description, applies] of generic) {
    if (applies && !responses[status])
      responses[status] = { description, content: errorContent(converter, status, description) };
  }
  responses.default = {
    description:
      "Any other error, in the same shape: 500 (nothing leaked), 503 with Retry-After while the database is unreachable",
    content: errorContent(converter, 500, "something went wrong on our side"),
  };
  let requestBody: unknown;
  if (operation.body) {
    const schema = converter.convert(operation.body, "input");
    requestBody = {
      required: true,
      content: { "application/json": { schema, example: exampleOf(schema, converter.components) } },
    };
  } else if (rawBody) {
    requestBody = {
      required: true,
      description: `${rawBody.description}, at most ${describeBytes(rawBody.maxBytes)}`,
      content: Object.fromEntries(
        rawBody.contentTypes.map((type) => {
          const given = rawBody.schemas?.[type];
          if (!given) return [type, { schema: { type: "string", contentMediaType: type } }];
          const schema = converter.convert(given, "input");
          return [type, { schema, example: exampleOf(schema, converter.components) }];
        }),
      ),
    };
  }
  const parameterList = [
    ...parameters(converter, operation.params, "path"),
    ...parameters(converter, operation.query, "query"),
    ...parameters(converter, operation.headers, "header"),
  ];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.path.split("/")[2]],
    security: operation.auth === "token" ? [{ bearerAuth: [] }] : [],
    ...(parameterList.length ? { parameters: parameterList } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the given operations. */
export function buildOpenApiDocument(operations: Operation[], publicUrl: string): OpenApiDocument {
  const converter = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of [...operations].sort((a, b) => a.path.localeCompare(b.path))) {
    const pathItem = (paths[operation.path] ??= {});
    pathItem[operation.method.toLowerCase()] = operationObject(converter, operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Racekeys API",
      version: packageJson.version,
      description:
        'Keys and passcodes that connect participants\' phones to an event, with RACEMAP\'s paths. Organiser operations need `Authorization: Bearer <API token>`; the app\'s operations are public. Every error has the shape `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: publicUrl }],
    paths,
    components: {
      schemas: converter.components,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API token (rk_…) from the account page or the CLI",
        },
      },
    },
  };
}

let cached: { publicUrl: string; document: OpenApiDocument } | undefined;

/** The document of every operation, built once per process. */
export function openApiDocument(publicUrl: string): OpenApiDocument {
  if (cached?.publicUrl !== publicUrl) cached = { publicUrl, document: buildOpenApiDocument(allOperations, publicUrl) };
  return cached.document;
}
