import { z } from "zod";

/**
 * The outline of the document getOpenApiDocument serves (lib/adapters/openapi builds it from these
 * operations); its full structure is the OpenAPI 3.1 specification's.
 */
export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.looseObject({})),
    components: z.looseObject({}),
  })
  .meta({ id: "OpenApiDocument" });
export type OpenApiDocument = z.output<typeof openApiDocumentSchema>;
