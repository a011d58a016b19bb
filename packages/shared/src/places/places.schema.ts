/** Zod schemas of the places API (compounds, buildings, rooms, households), shared by server routes and web forms. */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';
import { householdTags, managementModes } from './places.rules.js';

/** Optional free text: blank becomes null so forms can clear a field. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((s) => (s ? s : s === undefined ? undefined : null));
const name = z.string().trim().min(1).max(100);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s-]{5,20}$/, '电话号码格式不正确');
const version = z.number().int().min(1).optional();
const boolQuery = z.enum(['true', 'false']).optional();

export const allowedActions = z.array(z.enum(['update', 'delete']));
export type AllowedAction = z.infer<typeof allowedActions>[number];

// ── Compounds (小区) ──────────────────────────────────────────────────────────
export const compoundListQuery = pageQuery.extend({
  areaId: idParam.optional(),
  q: z.string().trim().max(50).optional(),
});

export const createCompoundBody = z.object({
  communityId: idParam,
  name,
  address: text(200),
  householdCount: z.number().int().min(0).max(100_000).nullish(),
  buildYear: z.number().int().min(1900).max(2100).nullish(),
  managementMode: z.enum(managementModes),
  propertyCompanyId: idParam.nullish(),
});
export type CreateCompoundBody = z.input<typeof createCompoundBody>;

export const updateCompoundBody = createCompoundBody.partial().extend({ version });
export type UpdateCompoundBody = z.input<typeof updateCompoundBody>;

export const compoundView = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  householdCount: z.number().nullable(),
  buildYear: z.number().nullable(),
  managementMode: z.enum(managementModes),
  propertyCompanyId: z.string().nullable(),
  propertyCompanyName: z.string().nullable(),
  buildingCount: z.number(),
  version: z.number(),
  allowedActions,
});
export type CompoundView = z.infer<typeof compoundView>;
export const compoundDetail = compoundView.extend({
  streetName: z.string().nullable(),
  /** Households registered in the ledger under its buildings (householdCount is the declared figure). */
  registeredHouseholds: z.number(),
});
export type CompoundDetail = z.infer<typeof compoundDetail>;
export const compoundPage = pageOf(compoundView);

export const qrSheet = z.object({
  compound: z.object({ id: z.string(), name: z.string(), address: z.string().nullable() }),
  buildings: z.array(
    z.object({ id: z.string(), name: z.string(), address: z.string().nullable(), publicCode: z.string() }),
  ),
});
export type QrSheet = z.infer<typeof qrSheet>;

// ── Buildings (楼栋) and rooms ────────────────────────────────────────────────
export const buildingListQuery = pageQuery.extend({
  compoundId: idParam.optional(),
  gridId: idParam.optional(),
  q: z.string().trim().max(50).optional(),
});

const lng = z.number().min(-180).max(180).nullish();
const lat = z.number().min(-90).max(90).nullish();
export const createBuildingBody = z.object({
  gridId: idParam,
  compoundId: idParam.nullish(),
  name,
  address: text(200),
  units: z.number().int().min(1).max(50),
  floors: z.number().int().min(1).max(100),
  lng,
  lat,
});
export type CreateBuildingBody = z.input<typeof createBuildingBody>;
export const updateBuildingBody = createBuildingBody.partial().extend({ version });
export type UpdateBuildingBody = z.input<typeof updateBuildingBody>;

export const buildingView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  gridId: z.string(),
  gridName: z.string(),
  compoundId: z.string().nullable(),
  compoundName: z.string().nullable(),
  units: z.number(),
  floors: z.number(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  publicCode: z.string(),
  roomCount: z.number(),
  householdCount: z.number(),
  version: z.number(),
  allowedActions,
});
export type BuildingView = z.infer<typeof buildingView>;
export const buildingDetail = buildingView.extend({
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  streetName: z.string().nullable(),
});
export type BuildingDetail = z.infer<typeof buildingDetail>;
export const buildingPage = pageOf(buildingView);

const floorArea = z.number().min(0).max(100_000).nullish();
export const generateRoomsBody = z.object({
  roomsPerFloor: z.number().int().min(1).max(20),
  defaultFloorArea: floorArea,
});
export const generateRoomsResult = z.object({ created: z.number(), skipped: z.number() });

export const createRoomBody = z.object({
  unit: z.string().trim().min(1).max(16),
  number: z.string().trim().min(1).max(16),
  floor: z.number().int().min(-5).max(200).nullish(),
  floorArea,
  ownerName: text(50),
});
export type CreateRoomBody = z.input<typeof createRoomBody>;
export const updateRoomBody = z.object({ floorArea, ownerName: text(50) });
export type UpdateRoomBody = z.input<typeof updateRoomBody>;

export const roomView = z.object({
  id: z.string(),
  buildingId: z.string(),
  unit: z.string(),
  number: z.string(),
  floor: z.number().nullable(),
  floorArea: z.number().nullable(),
  ownerName: z.string().nullable(),
  householdCount: z.number(),
});
export type RoomView = z.infer<typeof roomView>;
/** All rooms of one building (bounded by units × floors × rooms per floor, so not paginated). */
export const roomList = z.object({ items: z.array(roomView) });

// ── Households (户; address only in this issue) ──────────────────────────────
export const householdListQuery = pageQuery.extend({
  gridId: idParam.optional(),
  buildingId: idParam.optional(),
  q: z.string().trim().max(50).optional(),
  noSmartphone: boolQuery,
});

const householdFields = {
  headName: text(50),
  phone: phone.nullish(),
  noSmartphone: z.boolean().optional(),
  tags: z.array(z.enum(householdTags)).max(householdTags.length).optional(),
};
/** Where a household lives: a room of a building, or (rural) a grid with a free-text address. */
const location = {
  buildingId: idParam.optional(),
  roomId: idParam.optional(),
  gridId: idParam.optional(),
  address: z.string().trim().min(1).max(200).optional(),
};
type Loc = { buildingId?: string; roomId?: string; gridId?: string; address?: string };
const locationIssue = (v: Loc, required: boolean) => {
  const inRoom = v.buildingId !== undefined || v.roomId !== undefined;
  const rural = v.gridId !== undefined || v.address !== undefined;
  if (inRoom && rural) return '只能选择楼栋房间或农村地址之一';
  if (inRoom && (v.buildingId === undefined || v.roomId === undefined)) return '请选择楼栋和房间';
  if (rural && (v.gridId === undefined || v.address === undefined)) return '请选择网格并填写地址';
  if (required && !inRoom && !rural) return '请选择楼栋房间，或填写网格和地址';
  return null;
};

export const createHouseholdBody = z.object({ ...location, ...householdFields }).superRefine((v, ctx) => {
  const issue = locationIssue(v, true);
  if (issue) ctx.addIssue({ code: 'custom', message: issue, path: ['buildingId'] });
});
export type CreateHouseholdBody = z.input<typeof createHouseholdBody>;
export const updateHouseholdBody = z.object({ ...location, ...householdFields, version }).superRefine((v, ctx) => {
  const issue = locationIssue(v, false);
  if (issue) ctx.addIssue({ code: 'custom', message: issue, path: ['buildingId'] });
});
export type UpdateHouseholdBody = z.input<typeof updateHouseholdBody>;

export const householdView = z.object({
  id: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  /** Masked (138****5678); the clear number never leaves the server here. */
  phoneMasked: z.string().nullable(),
  tags: z.array(z.string()),
  noSmartphone: z.boolean(),
  gridId: z.string(),
  gridName: z.string(),
  buildingId: z.string().nullable(),
  roomId: z.string().nullable(),
  version: z.number(),
  allowedActions,
});
export type HouseholdView = z.infer<typeof householdView>;
export const householdDetail = householdView.extend({
  buildingName: z.string().nullable(),
  compoundName: z.string().nullable(),
  roomUnit: z.string().nullable(),
  roomNumber: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseholdDetail = z.infer<typeof householdDetail>;
export const householdPage = pageOf(householdView);

export const okResponse = z.object({ ok: z.literal(true) });
