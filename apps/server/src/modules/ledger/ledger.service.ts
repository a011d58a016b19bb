/**
 * The ledger module's service (`app.services.ledger`): persons, the ledger's households, counts, custom
 * fields, residents' requests and the retention job. Other modules (Excel import/export, campaigns) reach the
 * ledger through here — e.g. `persons.repo.setTags`, `reach(p)` and person-codec for writes of their own.
 */
import type { AppContext } from '../../core/context.js';
import { LedgerCountsService } from './counts.service.js';
import { LedgerFieldsService } from './fields.service.js';
import { LedgerHouseholdsService } from './ledger-households.service.js';
import { PersonsService } from './persons.service.js';
import { LedgerRequestsService } from './requests.service.js';
import { LedgerRetention } from './retention.js';

export class LedgerService {
  readonly fields: LedgerFieldsService;
  readonly persons: PersonsService;
  readonly households: LedgerHouseholdsService;
  readonly counts: LedgerCountsService;
  readonly requests: LedgerRequestsService;
  readonly retention: LedgerRetention;

  constructor(ctx: AppContext) {
    this.fields = new LedgerFieldsService(ctx);
    this.persons = new PersonsService(ctx, this.fields);
    this.households = new LedgerHouseholdsService(ctx, this.persons);
    this.counts = new LedgerCountsService(ctx);
    this.requests = new LedgerRequestsService(ctx);
    this.retention = new LedgerRetention(ctx);
  }
}
