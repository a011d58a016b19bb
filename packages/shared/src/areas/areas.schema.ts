/** Request/response schemas of the areas module (server routes and web forms share them). */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';
import { areaKinds, gridElementKinds } from './areas.rules.js';

const name = z.string().trim().min(1).max(100);
const code = z.string().trim().max(40);

export const areaIdParams = z.object({ id: idParam });
export const gridIdParams = z.object({ gridId: idParam });

export const createAreaBody = z.object({
  /** null only for a root city (admin). */
  parentId: idParam.nullable(),
  name,
  code: code.nullish(),
  /** Optional: derived from the parent; a mismatch is 400 INVALID_HIERARCHY. */
  kind: z.enum(areaKinds).optional(),
});
export type CreateAreaBody = z.infer<typeof createAreaBody>;

export const updateAreaBody = z.object({
  version: z.number().int().min(1),
  name: name.optional(),
  code: code.nullish(),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
});
export type UpdateAreaBody = z.infer<typeof updateAreaBody>;

export const moveAreaBody = z.object({ parentId: idParam, version: z.number().int().min(1) });
export type MoveAreaBody = z.infer<typeof moveAreaBody>;

export const areaRef = z.object({ id: z.string(), kind: z.enum(areaKinds), name: z.string() });
export type AreaRef = z.infer<typeof areaRef>;

export interface AreaTreeNode {
  id: string;
  parentId: string | null;
  kind: (typeof areaKinds)[number];
  name: string;
  code: string | null;
  path: string;
  sortOrder: number;
  hasBoundary: boolean;
  /** An ancestor of the caller's scope, shown so the tree is rooted at 市; not readable in detail. */
  readOnly?: boolean;
  children: AreaTreeNode[];
}
export const areaTreeNode: z.ZodType<AreaTreeNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    parentId: z.string().nullable(),
    kind: z.enum(areaKinds),
    name: z.string(),
    code: z.string().nullable(),
    path: z.string(),
    sortOrder: z.number().int(),
    hasBoundary: z.boolean(),
    readOnly: z.boolean().optional(),
    children: z.array(areaTreeNode),
  }),
);
export const areaTreeResponse = z.object({ nodes: z.array(areaTreeNode) });

/** What the caller may do on this area (the UI renders buttons from this, never guesses). */
export const areaActions = ['update', 'createChild', 'move', 'delete', 'editBoundary', 'manageElements'] as const;
export type AreaAction = (typeof areaActions)[number];

export const areaDetail = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(areaKinds),
  childKind: z.enum(areaKinds).nullable(),
  name: z.string(),
  code: z.string().nullable(),
  path: z.string(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  boundary: z.unknown().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  ancestors: z.array(areaRef),
  counts: z.object({
    children: z.number().int(),
    compounds: z.number().int(),
    buildings: z.number().int(),
    households: z.number().int(),
    gridElements: z.number().int(),
    staff: z.number().int(),
  }),
  allowedActions: z.array(z.enum(areaActions)),
  updatedAt: z.string(),
});
export type AreaDetail = z.infer<typeof areaDetail>;

export const locateQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
});
export const locateResponse = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  ancestors: z.array(areaRef),
});
export type LocateResponse = z.infer<typeof locateResponse>;

const csvKinds = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').map((x) => x.trim()) : undefined))
  .pipe(z.array(z.enum(areaKinds)).optional());

export const geojsonQuery = z.object({ rootId: idParam.optional(), kinds: csvKinds });
export const elementsGeojsonQuery = z.object({ rootId: idParam.optional() });

export const featureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string().optional(),
      geometry: z.unknown(),
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type AreaFeatureProps = { id: string; kind: (typeof areaKinds)[number]; name: string; parentId: string | null };
export type ElementFeatureProps = {
  id: string;
  kind: (typeof gridElementKinds)[number];
  name: string;
  gridId: string;
};
export interface FeatureCollectionOf<P> {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: string; geometry: unknown; properties: P }[];
}

/** Boundary upload: any JSON object; parseBoundary() decides (→ 400 INVALID_GEOJSON with a reason). */
export const boundaryBody = z.record(z.string(), z.unknown());

// ---- grid elements (网格要素)
const phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[0-9+\-() ]*$/, '电话号码格式不正确');

export const gridElementBody = z.object({
  gridId: idParam,
  kind: z.enum(gridElementKinds),
  name,
  code: code.nullish(),
  /** GeoJSON Point, LineString or Polygon (validated by parseElementGeometry). */
  geometry: z.record(z.string(), z.unknown()).nullish(),
  responsibleName: z.string().trim().max(50).nullish(),
  responsiblePhone: phone.nullish(),
});
export type GridElementBody = z.infer<typeof gridElementBody>;
export const updateGridElementBody = gridElementBody.partial();
export type UpdateGridElementBody = z.infer<typeof updateGridElementBody>;

export const gridElementsQuery = pageQuery.extend({
  kind: z.enum(gridElementKinds).optional(),
  q: z.string().trim().max(100).optional(),
});

export const gridElementView = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  kind: z.enum(gridElementKinds),
  name: z.string(),
  code: z.string().nullable(),
  geometry: z.unknown().nullable(),
  responsibleName: z.string().nullable(),
  responsiblePhone: z.string().nullable(),
  updatedAt: z.string(),
});
export type GridElementView = z.infer<typeof gridElementView>;
export const gridElementPage = pageOf(gridElementView);
