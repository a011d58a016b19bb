/** Pure rules for places: room numbering, derived addresses, phone queries, public codes. */

export const ManagementMode = { company: 'company', self: 'self', none: 'none' } as const;
export type ManagementMode = (typeof ManagementMode)[keyof typeof ManagementMode];
export const managementModes = Object.values(ManagementMode) as [ManagementMode, ...ManagementMode[]];

export const managementModeLabels: Record<ManagementMode, { 'zh-CN': string; en: string }> = {
  company: { 'zh-CN': '物业企业', en: 'Property company' },
  self: { 'zh-CN': '自管', en: 'Self-managed' },
  none: { 'zh-CN': '无物业', en: 'No management' },
};

/**
 * Household tags kept in clear. Sensitive tags (health, disability, 低保 …) belong to the encrypted
 * ledger of a later issue, so this list is closed on purpose: nothing sensitive can slip in as free text.
 */
export const householdTags = ['独居老人', '空巢老人', '留守儿童', '退役军人', '党员户', '出租户', '新市民'] as const;
export type HouseholdTag = (typeof householdTags)[number];

/** Room number on a floor: floor 3, room 2 → "302"; floor 12, room 5 → "1205". */
export const roomNumber = (floor: number, index: number) => `${floor}${String(index).padStart(2, '0')}`;

export interface RoomSpec {
  unit: string;
  number: string;
  floor: number;
}

/** Every room of a building: units '1'..'n' × floors 1..f × rooms 1..r per floor. */
export function planRooms(units: number, floors: number, roomsPerFloor: number): RoomSpec[] {
  const out: RoomSpec[] = [];
  for (let u = 1; u <= units; u++)
    for (let f = 1; f <= floors; f++)
      for (let r = 1; r <= roomsPerFloor; r++) out.push({ unit: String(u), number: roomNumber(f, r), floor: f });
  return out;
}

/** Upper bound on rooms generated in one call, so a typo cannot create a million rows. */
export const MAX_GENERATED_ROOMS = 5000;

/** "新城壹号 3号楼 2单元301室" — the address of a household living in a room. */
export function roomAddress(compoundName: string | null, buildingName: string, unit: string, number: string) {
  const head = [compoundName, buildingName].filter((s) => !!s && s.trim()).join(' ');
  return `${head} ${unit}单元${number}室`;
}

/** Phones are stored and hashed in one normal form: digits only (a leading + kept). */
export const normalisePhone = (s: string) => s.trim().replace(/(?!^\+)[^\d]/g, '');

/** A search term that is a phone number is matched exactly through the keyed hash, never by LIKE. */
export const isPhoneQuery = (q: string) => /^\+?[\d\s-]{7,20}$/.test(q.trim()) && normalisePhone(q).length >= 7;

/** Base32 alphabet (RFC 4648, lower-case for readable URLs). */
export const PUBLIC_CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export const PUBLIC_CODE_LENGTH = 12;

/** Turns random bytes into a public code; 256 is a multiple of 32, so `byte & 31` stays uniform. */
export function publicCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < PUBLIC_CODE_LENGTH) throw new Error('not enough random bytes');
  let s = '';
  for (let i = 0; i < PUBLIC_CODE_LENGTH; i++) s += PUBLIC_CODE_ALPHABET[(bytes[i] as number) & 31];
  return s;
}

export const isPublicCode = (s: string) => new RegExp(`^[${PUBLIC_CODE_ALPHABET}]{${PUBLIC_CODE_LENGTH}}$`).test(s);

/** The no-login 亮身份 page of a building (what its QR code encodes, after the origin). */
export const buildingPublicPath = (publicCode: string) => `/p/duty/b/${publicCode}`;
