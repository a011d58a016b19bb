/** All routes of the places module (compounds, buildings + rooms, households). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { buildingRoutes } from './buildings.routes.js';
import { compoundRoutes } from './compounds.routes.js';
import { householdRoutes } from './households.routes.js';

export const placesRoutes: FastifyPluginAsyncZod = async (app) => {
  await compoundRoutes(app, {});
  await buildingRoutes(app, {});
  await householdRoutes(app, {});
};
