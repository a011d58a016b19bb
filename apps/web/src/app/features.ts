/** Every feature's routes. Add one import and one entry per feature folder. */
import type { FeatureRoutes } from './route-types';

export const features: FeatureRoutes[] = [];
