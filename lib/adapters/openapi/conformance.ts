import { z } from "zod";
import { COMPONENT_REF, ERROR_CODE_OF_STATUS, type JsonSchema } from "./document";
import type { OpenApiDocument } from "@/lib/adapters/api/openapi-document";

/**
 * Checks values and responses against the served document itself (not the zod schemas it was made
 * from), so tests catch a handler that answers something the document does not describe.
 */
export class Conformance {
  private readonly defs: Record<string, JsonSchema>;
  private readonly templates: Array<{ pattern: RegExp; path: string }>;

  constructor(readonly document: OpenApiDocument) {
    this.defs = fromComponentRefs(document.components.schemas ?? {}) as Record<string, JsonSchema>;
    this.templates = Object.keys(document.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
    }));
  }

  /** Problems of `value` against a schema of the document; empty when it conforms. */
  problems(schema: JsonSchema, value: unknown): string[] {
    const validator = z.fromJSONSchema({ ...(fromComponentRefs(schema) as object), $defs: this.defs });
    const result = validator.safeParse(value);
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }

  /** The documented operation of a request, or undefined. */
  operation(method: string, url: string): { path: string; operation: OperationObject } | undefined {
    const pathname = new URL(url, "http://x.test").pathname;
    const template = this.templates.find(({ pattern }) => pattern.test(pathname));
    const operation =
      template && (this.document.paths[template.path] as Record<string, OperationObject>)[method.toLowerCase()];
    return template && operation ? { path: template.path, operation } : undefined;
  }

  /**
   * Throws unless the response is documented for the request: operation, status (or `default`),
   * content type and, for JSON, the body; error bodies carry the code of their status.
   * Returns the operation id.
   */
  async assertResponse(method: string, url: string, response: Response): Promise<string> {
    const found = this.operation(method, url);
    if (!found) throw new Error(`${method} ${url} is not in the document`);
    const { operationId, responses } = found.operation;
    const spec = responses[String(response.status)] ?? responses.default;
    const where = `${operationId} answered ${response.status}`;
    if (!spec) throw new Error(`${where}, which is not documented`);
    const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (!spec.content) {
      if (type && response.status !== 304) throw new Error(`${where} with ${type}, documented without a body`);
      return operationId;
    }
    const media = spec.content[type];
    if (!media)
      throw new Error(`${where} with content type "${type}", documented: ${Object.keys(spec.content).join(", ")}`);
    if (type !== "application/json") return operationId;
    const body: unknown = await response.clone().json();
    const problems = this.problems(media.schema, body);
    if (problems.length)
      throw new Error(
        `${where}: the body does not match the document:\n  ${problems.join("\n  ")}\n${JSON.stringify(body).slice(0, 500)}`,
      );
    if (response.status >= 400 && isErrorBody(body) && body.error.code !== ERROR_CODE_OF_STATUS[response.status]) {
      throw new Error(
        `${where} with error code "${body.error.code}", expected "${ERROR_CODE_OF_STATUS[response.status]}"`,
      );
    }
    return operationId;
  }
}

export interface OperationObject {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: JsonSchema; example?: unknown }> }>;
  parameters?: Array<{ name: string; in: string; schema: JsonSchema; example?: unknown }>;
  requestBody?: { content: Record<string, { schema: JsonSchema; example?: unknown }> };
}

const isErrorBody = (body: unknown): body is { error: { code: string } } =>
  typeof body === "object" && body !== null && "error" in body;

/** zod's JSON Schema reader resolves only local `#/$defs/` references. */
const fromComponentRefs = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll(`"${COMPONENT_REF}`, '"#/$defs/'));
