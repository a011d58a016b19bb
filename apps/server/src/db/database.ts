/** Kysely table types (camelCase; the CamelCasePlugin maps to snake_case columns). */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

type Ms = number; // epoch milliseconds
type Flag = number; // 0 | 1 on both dialects

export interface AreasTable {
  id: Generated<number>;
  parentId: number | null;
  path: string;
  kind: string;
  name: string;
  code: string | null;
  sortOrder: Generated<number>;
  boundary: string | null;
  minLng: number | null;
  minLat: number | null;
  maxLng: number | null;
  maxLat: number | null;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface OrganisationsTable {
  id: Generated<number>;
  kind: string;
  name: string;
  code: string | null;
  areaId: number | null;
  contactName: string | null;
  dutyPhone: string | null;
  disabled: Generated<Flag>;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface CompoundsTable {
  id: Generated<number>;
  areaId: number;
  areaPath: string;
  name: string;
  address: string | null;
  householdCount: number | null;
  buildYear: number | null;
  managementMode: Generated<string>;
  propertyCompanyId: number | null;
  boundary: string | null;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface BuildingsTable {
  id: Generated<number>;
  gridId: number;
  areaPath: string;
  compoundId: number | null;
  name: string;
  address: string | null;
  units: Generated<number>;
  floors: Generated<number>;
  lng: number | null;
  lat: number | null;
  publicCode: string;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface RoomsTable {
  id: Generated<number>;
  buildingId: number;
  unit: string;
  number: string;
  floor: number | null;
  floorArea: number | null;
  ownerName: string | null;
  createdAt: Ms;
}

export interface HouseholdsTable {
  id: Generated<number>;
  gridId: number;
  areaPath: string;
  buildingId: number | null;
  roomId: number | null;
  address: string;
  headName: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  tags: Generated<string>;
  noSmartphone: Generated<Flag>;
  sensitiveTagsEnc: string | null;
  archivedAt: Ms | null;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface GridElementsTable {
  id: Generated<number>;
  gridId: number;
  areaPath: string;
  kind: string;
  name: string;
  code: string | null;
  geometry: string | null;
  responsibleName: string | null;
  responsiblePhone: string | null;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface AccountsTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  dutyPhone: string | null;
  passwordHash: string;
  mustChangePassword: Generated<Flag>;
  isDemo: Generated<Flag>;
  disabledAt: Ms | null;
  failedLogins: Generated<number>;
  lockedUntil: Ms | null;
  passwordChangedAt: Ms | null;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface RoleAssignmentsTable {
  id: Generated<number>;
  accountId: number;
  role: string;
  areaId: number | null;
  orgId: number | null;
  dutyLabels: Generated<string>;
  createdAt: Ms;
}

export interface CommunityLinksTable {
  id: Generated<number>;
  accountId: number;
  areaId: number;
  createdAt: Ms;
}

export interface HouseholdLinksTable {
  id: Generated<number>;
  accountId: number;
  householdId: number;
  createdAt: Ms;
}

export interface ResidentLinksTable {
  id: Generated<number>;
  accountId: number;
  householdId: number;
  areaPath: string;
  status: string;
  note: string | null;
  decisionNote: string | null;
  decidedBy: number | null;
  decidedAt: Ms | null;
  createdAt: Ms;
}

export interface SessionsTable {
  id: string;
  accountId: number;
  csrfToken: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Ms;
  expiresAt: Ms;
}

export interface ApiKeysTable {
  id: Generated<number>;
  orgId: number;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: Generated<string>;
  rateLimit: Generated<number>;
  expiresAt: Ms | null;
  revokedAt: Ms | null;
  lastUsedAt: Ms | null;
  createdBy: number | null;
  createdAt: Ms;
}

export interface ApiKeyUsesTable {
  id: Generated<number>;
  keyId: number;
  at: Ms;
  method: string;
  path: string;
  status: number;
  ip: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Ms;
  actorId: number | null;
  actorKind: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  areaPath: string | null;
  summary: Generated<string>;
  ip: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: Ms;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expiresAt: Ms;
}

export interface HolidaysTable {
  date: string;
  kind: string;
  name: string;
  updatedAt: Ms;
}

export interface CaseCategoriesTable {
  id: Generated<number>;
  parentId: number | null;
  path: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  isProperty: Generated<Flag>;
  defaultTier: Generated<string>;
  defaultOrgId: number | null;
  acceptAmount: number | null;
  acceptUnit: string | null;
  respondAmount: number | null;
  respondUnit: string | null;
  resolveAmount: number | null;
  resolveUnit: string | null;
  questions: Generated<string>;
  active: Generated<Flag>;
  sortOrder: Generated<number>;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface AttachmentsTable {
  id: Generated<number>;
  sha256: string;
  mime: string;
  size: number;
  originalName: string | null;
  uploadedBy: number | null;
  uploadedByKey: number | null;
  ownerType: string | null;
  ownerId: number | null;
  createdAt: Ms;
}

export interface IdempotencyKeysTable {
  caller: string;
  key: string;
  requestHash: string;
  status: number;
  response: string;
  createdAt: Ms;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: string;
  accountId: number | null;
  orgId: number | null;
  topic: string;
  title: string;
  body: string | null;
  link: string | null;
  payload: Generated<string>;
  createdAt: Ms;
  deliveredAt: Ms | null;
  readAt: Ms | null;
  attempts: Generated<number>;
}

export interface CasesTable {
  id: Generated<number>;
  number: string;
  status: string;
  version: Generated<number>;
  tier: string;
  areaId: number;
  areaPath: string;
  gridId: number | null;
  placePath: string | null;
  unplaced: Generated<number>;
  categoryId: number;
  source: string;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  householdId: number | null;
  buildingId: number | null;
  submitterAccountId: number | null;
  submitterKeyId: number | null;
  onBehalfReason: string | null;
  externalNo: string | null;
  answers: Generated<string>;
  handlerAccountId: number | null;
  handlerOrgId: number | null;
  acceptBy: Ms | null;
  respondBy: Ms;
  resolveBy: Ms;
  suspensionPending: Generated<number>;
  suspendedAt: Ms | null;
  firstAcceptAt: Ms | null;
  resolvedAt: Ms | null;
  closedAt: Ms | null;
  rating: string | null;
  ratingComment: string | null;
  ratedAt: Ms | null;
  mergedIntoId: number | null;
  warnedAt: Ms | null;
  overdueAt: Ms | null;
  createdAt: Ms;
  updatedAt: Ms;
}

export interface CaseEventsTable {
  id: Generated<number>;
  caseId: number;
  at: Ms;
  actorId: number | null;
  actorKind: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  data: Generated<string>;
  attachmentIds: Generated<string>;
}

/** Search terms of a case (shared cases.search.ts). */

// ── Household ledger (0006_ledger) ─────────────────────────────────────────
export interface PersonsTable {
  id: Generated<number>;
  householdId: number;
  areaPath: string;
  name: string;
  idNoEnc: string | null;
  idNoHash: string | null;
  idNoMasked: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  birthDate: string | null;
  gender: string | null;
  relation: Generated<string>;
  tags: Generated<string>;
  sensitiveTagsEnc: string | null;
  custom: Generated<string>;
  movedInOn: string | null;
  movedOutOn: string | null;
  movedOutAt: Ms | null;
  moveNote: string | null;
  anonymisedAt: Ms | null;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}
export interface LedgerTagsTable {
  entityKind: 'person' | 'household';
  entityId: number;
  areaPath: string;
  tagKey: string;
}
export interface LedgerFieldsTable {
  id: Generated<number>;
  code: string;
  label: string;
  labelEn: string | null;
  datatype: string;
  options: Generated<string>;
  required: Generated<Flag>;
  sortOrder: Generated<number>;
  active: Generated<Flag>;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}
export interface LedgerRequestsTable {
  id: Generated<number>;
  kind: string;
  status: string;
  accountId: number;
  householdId: number;
  personId: number | null;
  areaPath: string;
  bodyEnc: string;
  resolution: string | null;
  handledBy: number | null;
  handledAt: Ms | null;
  createdAt: Ms;
}
export interface LedgerImportsTable {
  id: Generated<number>;
  createdBy: number;
  fileName: string;
  status: string;
  totalRows: Generated<number>;
  processedRows: Generated<number>;
  errorRows: Generated<number>;
  duplicateRows: Generated<number>;
  summary: Generated<string>;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}
/** The persons columns a staging row keeps a row encoded as a new person in (0016); null for a row with problems. */
type StagedPersonColumns = {
  [C in
    | 'name'
    | 'idNoEnc'
    | 'idNoHash'
    | 'idNoMasked'
    | 'phoneEnc'
    | 'phoneHash'
    | 'phoneMasked'
    | 'birthDate'
    | 'gender'
    | 'relation'
    | 'tags'
    | 'sensitiveTagsEnc'
    | 'custom'
    | 'movedInOn']: string | null;
};
export interface LedgerImportRowsTable extends StagedPersonColumns {
  importId: number;
  rowNo: number;
  /** The whole row, encrypted — only for a row with problems (0013): a row without is kept as a person. */
  dataEnc: string | null;
  problems: Generated<string>;
  duplicateOf: number | null;
  duplicateRow: number | null;
  decision: string | null;
  /** A row encoded as a new person: the JSON `[tag keys, target, rest of the row]` (0016); null with problems. */
  person: string | null;
  /** The existing household the row joins (its target); null for a new household or a row with problems. */
  householdId: number | null;
  areaPath: string | null;
}
export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  areaId: number;
  areaPath: string;
  target: Generated<string>;
  form: Generated<string>;
  startsOn: string;
  endsOn: string;
  status: string;
  createdBy: number;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}
export interface CampaignHouseholdsTable {
  campaignId: number;
  householdId: number;
  gridId: number;
  areaPath: string;
  lastOutcome: string | null;
  lastVisitAt: Ms | null;
}
export interface CampaignVisitsTable {
  id: Generated<number>;
  campaignId: number;
  householdId: number;
  areaPath: string;
  outcome: string;
  answers: Generated<string>;
  attachmentIds: Generated<string>;
  visitedBy: number;
  visitedAt: Ms;
  clientRef: string;
  createdAt: Ms;
}

// ── Analytics roll-ups (0007_analytics; shared analytics.facts.ts) ─────────
interface FactMeasures {
  submitted: number;
  valid: number;
  responded: number;
  resolved: number;
  rated: number;
  satPoints: number;
  closedEver: number;
  reopened: number;
  overdue: number;
  dispatches: number;
  returned: number;
  handled: number;
  handlingMs: number;
  due: number;
  onTime: number;
}
interface RollupDimensions {
  day: number;
  areaPath: string;
  categoryId: number;
  source: string;
  handlerKey: string;
}
export interface CaseFactsTable extends FactMeasures, RollupDimensions {
  caseId: number;
  dueDay: number | null;
  resolveBy: Ms | null;
  hoursBucket: number | null;
  updatedAt: Ms;
}
export type CaseRollupDailyTable = FactMeasures & RollupDimensions;
export interface CaseRollupHoursTable extends RollupDimensions {
  bucket: number;
  n: number;
}
/** Per (area, day) with the hours histogram in columns h0 … h71 (migration 0015). */
export type CaseRollupAreaDailyTable = FactMeasures & { day: number; areaPath: string } & {
  [bucket: `h${number}`]: number;
};
export interface AnalyticsStateTable {
  name: string;
  eventCursor: number;
  timeCursor: Ms;
  timeCursorId: number;
  asOf: Ms | null;
}

/** 前响应 warnings found by the scan job (migration 0010). */
export interface WarningsTable {
  id: Generated<number>;
  kind: string;
  areaId: number;
  areaPath: string;
  categoryId: number;
  subjectKind: string;
  subjectId: number;
  subjectName: string;
  windowFrom: Ms;
  windowTo: Ms;
  observed: number;
  baseline: number;
  numbers: Generated<string>;
  status: Generated<string>;
  ackNote: string | null;
  ackBy: number | null;
  ackAt: Ms | null;
  version: Generated<number>;
  createdAt: Ms;
  updatedAt: Ms;
}

/** Address keys repeat warnings were raised for: the subject id of an address warning (migration 0014). */
export interface WarningAddressesTable {
  id: Generated<number>;
  address: string;
}

export interface Database {
  persons: PersonsTable;
  ledgerTags: LedgerTagsTable;
  ledgerFields: LedgerFieldsTable;
  ledgerRequests: LedgerRequestsTable;
  ledgerImports: LedgerImportsTable;
  ledgerImportRows: LedgerImportRowsTable;
  campaigns: CampaignsTable;
  campaignHouseholds: CampaignHouseholdsTable;
  campaignVisits: CampaignVisitsTable;
  cases: CasesTable;
  caseEvents: CaseEventsTable;
  caseFacts: CaseFactsTable;
  caseRollupDaily: CaseRollupDailyTable;
  caseRollupHours: CaseRollupHoursTable;
  caseRollupAreaDaily: CaseRollupAreaDailyTable;
  analyticsState: AnalyticsStateTable;
  warnings: WarningsTable;
  warningAddresses: WarningAddressesTable;
  attachments: AttachmentsTable;
  idempotencyKeys: IdempotencyKeysTable;
  outbox: OutboxTable;
  holidays: HolidaysTable;
  caseCategories: CaseCategoriesTable;
  areas: AreasTable;
  organisations: OrganisationsTable;
  compounds: CompoundsTable;
  buildings: BuildingsTable;
  rooms: RoomsTable;
  households: HouseholdsTable;
  gridElements: GridElementsTable;
  accounts: AccountsTable;
  roleAssignments: RoleAssignmentsTable;
  communityLinks: CommunityLinksTable;
  householdLinks: HouseholdLinksTable;
  residentLinks: ResidentLinksTable;
  sessions: SessionsTable;
  apiKeys: ApiKeysTable;
  apiKeyUses: ApiKeyUsesTable;
  auditLog: AuditLogTable;
  settings: SettingsTable;
  jobLeases: JobLeasesTable;
}

export type Area = Selectable<AreasTable>;
export type NewArea = Insertable<AreasTable>;
export type AreaUpdate = Updateable<AreasTable>;
export type Account = Selectable<AccountsTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Building = Selectable<BuildingsTable>;
export type Household = Selectable<HouseholdsTable>;
export type Compound = Selectable<CompoundsTable>;
export type Room = Selectable<RoomsTable>;
export type GridElement = Selectable<GridElementsTable>;
export type RoleAssignment = Selectable<RoleAssignmentsTable>;
