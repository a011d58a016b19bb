/**
 * What a commit will write, worked out from the staging rows before the transaction opens (so what CPU work is
 * left — a new person comes encoded from the parse; updates and overlays are decrypted and encoded here — never
 * holds the database): one entry per person to insert or existing person to update, and the households to create.
 *
 * Decisions: `skip` drops the row. A duplicate of an existing person: `update` changes that person with the
 * row's non-empty values, `keep` inserts a second person. A duplicate of an earlier row: `keep` inserts it too,
 * `update` lays this row's filled-in values over the earlier row's (whatever the earlier row was going to do) —
 * the same rule as an update of an existing person: an empty cell keeps the value.
 */
import { AppError } from '@grassroots/shared/common/errors';
import type { Pii } from '../../core/pii.js';
import { insertColumns, type PersonRow, personRow, personValue } from './ledger-import.crypto.js';
import type { Target } from './ledger-import.places.js';
import type { StagedPerson } from './ledger-import.validate.js';

export interface PlanEntry {
  /** The existing person an update changes; null: a new person. */
  personId: number | null;
  /** What the write needs of every entry… */
  name: string;
  relation: string | null;
  target: Target | null;
  idHash: string | null;
  /**
   * …and the whole row, kept only while needed: for updates, for rows a later row overlays, and until a new
   * person is encoded (a 100k import then holds the encoded columns, not the rows twice).
   */
  data: StagedPerson | null;
  /** A new person's encoded columns, computed before the transaction (while decrypted, or by encodePending). */
  encoded?: PersonRow;
}

export interface NewHousehold {
  key: string;
  gridId: number;
  areaPath: string;
  buildingId: number | null;
  roomId: number | null;
  address: string;
  headName: string | null;
}

export interface StagedRow {
  rowNo: number;
  /**
   * The clear row: needed for an update, a row a later row overlays or overlays itself, and a row staged
   * without its encoding; null for a plain new person, which comes encoded (`encoded` and `target`).
   */
  data: StagedPerson | null;
  hasProblems: boolean;
  duplicateOf: number | null;
  duplicateRow: number | null;
  decision: string | null;
  /** Already encoded as a new person (at parse: the staging row's persons columns, 0016). */
  encoded?: PersonRow | null;
  /** The row's household target, with `encoded` when `data` is not opened. */
  target?: Target | null;
}

/** Whether a staging row, as decided, becomes a new person (so it is worth encoding while it is decrypted). */
export const insertsPerson = (r: Pick<StagedRow, 'hasProblems' | 'duplicateOf' | 'duplicateRow' | 'decision'>) =>
  r.decision !== 'skip' &&
  !r.hasProblems &&
  (r.decision === 'keep' || (r.duplicateOf == null && r.duplicateRow == null));

export class CommitPlan {
  readonly entries: PlanEntry[] = [];
  skipped = 0;
  /** Existing persons the preview showed as duplicates: a commit may meet them again without being stale. */
  readonly knownExisting = new Set<number>();
  private readonly byHash = new Map<string, PlanEntry>();
  private encodedUpTo = 0;
  private readonly replaced: PlanEntry[] = [];

  /** `overlaid`: rows a later row updates (decision 'update' on a duplicate of an earlier row). */
  constructor(private readonly overlaid: ReadonlySet<number> = new Set()) {}

  add(row: StagedRow) {
    if (row.duplicateOf != null) this.knownExisting.add(row.duplicateOf);
    if (row.decision === 'skip') {
      this.skipped++;
      return;
    }
    // The service refuses the commit before this; reaching here is a bug, and nothing must be half-written.
    if (row.hasProblems) throw new AppError('IMPORT_HAS_ERRORS', { rowNo: row.rowNo });
    const isDuplicate = row.duplicateOf != null || row.duplicateRow != null;
    if (isDuplicate && row.decision !== 'update' && row.decision !== 'keep')
      throw new AppError('IMPORT_HAS_ERRORS', { rowNo: row.rowNo });
    const summary = summaryOfRow(row);
    const hash = summary.idHash;
    if (row.duplicateRow != null && row.decision === 'update' && hash) {
      const earlier = this.byHash.get(hash);
      if (earlier?.data) {
        if (!row.data) throw new Error(`ledger import: row ${row.rowNo} overlays an earlier row but was not opened`);
        const merged = overlay(earlier.data, row.data);
        Object.assign(earlier, summaryOf(merged), { data: merged, encoded: undefined });
        this.replaced.push(earlier);
        return;
      }
    }
    const personId = row.duplicateOf != null && row.decision === 'update' ? row.duplicateOf : null;
    const encoded = personId == null ? (row.encoded ?? undefined) : undefined;
    const keep = personId != null || !encoded || this.overlaid.has(row.rowNo);
    if (keep && !row.data) throw new Error(`ledger import: row ${row.rowNo} is needed whole but was not opened`);
    const entry: PlanEntry = { personId, ...summary, data: keep ? row.data : null, encoded };
    this.entries.push(entry);
    if (hash) this.byHash.set(hash, entry);
  }

  /** Encodes (encrypts, hashes, masks) the new persons not encoded yet, chunk by chunk as rows are added. */
  encodePending(pii: Pii) {
    for (let i = this.encodedUpTo; i < this.entries.length; i++) this.encode(pii, this.entries[i] as PlanEntry);
    this.encodedUpTo = this.entries.length;
    for (const e of this.replaced.splice(0)) this.encode(pii, e);
  }

  private encode(pii: Pii, e: PlanEntry) {
    if (e.personId == null && !e.encoded && e.data) e.encoded = personRow(pii, e.data);
  }

  get inserts() {
    return this.entries.filter((e) => e.personId == null);
  }
  get updates() {
    return this.entries.filter((e) => e.personId != null);
  }

  /** The households to create, one per new room or new (grid, address), headed by the row saying 户主. */
  newHouseholds(): NewHousehold[] {
    const out = new Map<string, NewHousehold>();
    for (const e of this.entries) {
      const t = e.target as Target;
      const key = householdKey(t);
      if (!key) continue;
      const known = out.get(key);
      if (known) {
        if (!known.headName && e.relation === 'head') known.headName = e.name;
        continue;
      }
      out.set(key, {
        key,
        gridId: t.kind === 'household' ? 0 : t.gridId,
        areaPath: t.areaPath,
        buildingId: t.kind === 'newRoom' ? t.buildingId : null,
        roomId: t.kind === 'newRoom' ? t.roomId : null,
        address: t.address,
        headName: e.relation === 'head' ? e.name : null,
      });
    }
    return [...out.values()];
  }
}

const summaryOf = (d: StagedPerson) => ({ name: d.name, relation: d.relation, target: d.target, idHash: d.idHash });

/** The summary of a row, from its clear data or else from its encoding (the same values: see person-codec). */
function summaryOfRow(row: StagedRow) {
  if (row.data) return summaryOf(row.data);
  const r = row.encoded;
  if (!r || !row.target) throw new Error(`ledger import: row ${row.rowNo} is neither opened nor encoded`);
  const v = (c: Parameters<typeof personValue>[1]) => personValue(r, c) as string | null;
  return { name: v('name') as string, relation: v('relation'), target: row.target, idHash: v('idNoHash') };
}

/** `later`'s name, place and filled-in values over `earlier` (custom values merged). */
export function overlay(earlier: StagedPerson, later: StagedPerson): StagedPerson {
  const has = (k: string) => later.present.includes(k);
  return {
    ...earlier,
    name: later.name,
    place: later.place,
    target: later.target,
    idNumber: has('idNumber') ? later.idNumber : earlier.idNumber,
    idHash: has('idNumber') ? later.idHash : earlier.idHash,
    phone: has('phone') ? later.phone : earlier.phone,
    gender: later.gender ?? earlier.gender,
    birthDate: later.birthDate ?? earlier.birthDate,
    relation: has('relation') ? later.relation : earlier.relation,
    tags: has('tags') ? later.tags : earlier.tags,
    movedInOn: has('movedInOn') ? later.movedInOn : earlier.movedInOn,
    custom: { ...earlier.custom, ...later.custom },
    present: [...new Set([...earlier.present, ...later.present])],
  };
}

/** The key a new household is shared by (rows of the same new room or address); null for an existing one. */
export function householdKey(t: Target): string | null {
  if (t.kind === 'newRoom') return `r:${t.roomId}`;
  if (t.kind === 'newAddress') return `a:${t.gridId}:${t.address}`;
  return null;
}

/**
 * The columns an update changes: the name, and only what the row filled in (an empty cell keeps the stored
 * value); custom values are merged into the stored ones. Returns the tag keys only when the row had tags.
 */
export function updateColumns(pii: Pii, d: StagedPerson, storedCustom: string) {
  const { columns, tagKeys } = insertColumns(pii, d);
  const has = (k: string) => d.present.includes(k);
  const set: Record<string, unknown> = { name: columns.name };
  if (has('idNumber')) Object.assign(set, pick(columns, 'idNoEnc', 'idNoHash', 'idNoMasked'));
  if (has('phone')) Object.assign(set, pick(columns, 'phoneEnc', 'phoneHash', 'phoneMasked'));
  if (d.birthDate) set.birthDate = d.birthDate;
  if (d.gender) set.gender = d.gender;
  if (has('relation')) set.relation = columns.relation;
  if (has('tags')) Object.assign(set, pick(columns, 'tags', 'sensitiveTagsEnc'));
  if (has('movedInOn')) set.movedInOn = columns.movedInOn;
  if (has('custom')) set.custom = JSON.stringify({ ...parseObject(storedCustom), ...d.custom });
  return { set, tagKeys: has('tags') ? tagKeys : null };
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

function parseObject(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}
