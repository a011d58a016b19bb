/** OpenAPI JSON at /api/openapi.json and Swagger UI at /api/docs, generated from the Zod schemas. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Grassroots 基层治理一网通 API', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gr_sid' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'grk_… integration key' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets inline style attributes, which the default style-src (hashes only) blocks; and
    // upgrade-insecure-requests would break the docs on plain HTTP over a LAN address, as in app.ts.
    transformStaticCSP: (h) =>
      h.replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';").replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
