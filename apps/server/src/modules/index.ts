/**
 * The module registry: each domain module contributes its service(s) and its routes.
 * Add a module here — one import and one entry — and nowhere else.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../core/context.js';
import { EventBus } from '../core/events.js';
import { idempotencyPruneJob } from '../core/idempotency.js';
import { JobRunner } from '../core/jobs.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { AccountsService } from './accounts/accounts.service.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { apiKeysRoutes } from './apikeys/apikeys.routes.js';
import { ApiKeysService } from './apikeys/apikeys.service.js';
import { areasRoutes } from './areas/areas.routes.js';
import { AreasService } from './areas/areas.service.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { auditRoutes } from './audit/audit.routes.js';
import { AuditService } from './audit/audit.service.js';
import { authRoutes } from './auth/auth.routes.js';
import { AuthService } from './auth/auth.service.js';
import { createCampaignServices } from './campaigns/campaigns.module.js';
import { campaignsRoutes } from './campaigns/campaigns.routes.js';
import { registerHandBack } from './cases/cases.handback.js';
import { CaseDeadlines } from './cases/cases.jobs.js';
import { casesRoutes } from './cases/cases.routes.js';
import { CasesService } from './cases/cases.service.js';
import { categoriesRoutes } from './categories/categories.routes.js';
import { CategoriesService } from './categories/categories.service.js';
import { chainRoutes } from './chain/chain.routes.js';
import { ChainService } from './chain/chain.service.js';
import { dutyRoutes } from './chain/duty.routes.js';
import { ledgerRoutes } from './ledger/ledger.routes.js';
import { LedgerService } from './ledger/ledger.service.js';
import { ledgerImportRoutes } from './ledger-import/ledger-import.routes.js';
import { LedgerImportService } from './ledger-import/ledger-import.service.js';
import { PersonsExportService } from './ledger-import/persons-export.service.js';
import { liveRoutes } from './live/live.routes.js';
import { LiveService } from './live/live.service.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { organisationsRoutes } from './organisations/organisations.routes.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { placesRoutes } from './places/places.routes.js';
import { PlacesService } from './places/places.service.js';
import { residentsRoutes } from './residents/residents.routes.js';
import { ResidentsService } from './residents/residents.service.js';
import { warningsRoutes } from './warnings/warnings.routes.js';
import { WarningsService } from './warnings/warnings.service.js';
import { worktimeRoutes } from './worktime/worktime.routes.js';
import { WorktimeService } from './worktime/worktime.service.js';

export function createServices(ctx: AppContext) {
  // The event bus lives in the services container (not AppContext): it is wiring between modules, one per
  // app instance, and services that react to or emit events receive it here.
  const events = new EventBus();
  // The job runner lives here too, not in AppContext: services register their jobs with it when built, and
  // like the bus it is one per app instance (its holder id identifies this node's leases). app.ts stops it.
  const jobs = new JobRunner(ctx);
  jobs.registerJob(idempotencyPruneJob);
  const notifications = new NotificationsService(ctx, jobs);
  const auth = new AuthService(ctx);
  const areas = new AreasService(ctx, events);
  const accounts = new AccountsService(ctx, events);
  const organisations = new OrganisationsService(ctx);
  const apiKeys = new ApiKeysService(ctx);
  const audit = new AuditService(ctx);
  const chain = new ChainService(ctx, accounts);
  const residents = new ResidentsService(ctx);
  const places = new PlacesService(ctx);
  const categories = new CategoriesService(ctx);
  const worktime = new WorktimeService(ctx);
  const attachments = new AttachmentsService(ctx);
  const cases = new CasesService(ctx, { areas, categories, worktime, attachments });
  const campaigns = createCampaignServices(ctx, attachments);
  const caseDeadlines = new CaseDeadlines(ctx, cases, notifications);
  jobs.registerJob(caseDeadlines.job());
  const warnings = new WarningsService(ctx, notifications, jobs);
  registerHandBack(ctx, events);
  const ledgerImport = new LedgerImportService(ctx);
  const personsExport = new PersonsExportService(ctx);
  const ledger = new LedgerService(ctx);
  jobs.registerJob(ledger.retention.job());
  const live = new LiveService(ctx, cases);
  const analytics = new AnalyticsService(ctx);
  jobs.registerJob(analytics.rollup.job());
  events.on('area.moved', ({ oldPath, newPath }, trx) => analytics.rollup.moveArea(trx, oldPath, newPath));
  return {
    events,
    jobs,
    notifications,
    auth,
    areas,
    accounts,
    organisations,
    apiKeys,
    audit,
    chain,
    residents,
    places,
    worktime,
    categories,
    attachments,
    cases,
    caseDeadlines,
    warnings,
    ledgerImport,
    personsExport,
    ledger,
    campaigns,
    live,
    analytics,
  };
}
export type Services = ReturnType<typeof createServices>;

export const moduleRoutes: FastifyPluginAsync[] = [
  authRoutes as FastifyPluginAsync,
  areasRoutes as FastifyPluginAsync,
  accountsRoutes as FastifyPluginAsync,
  organisationsRoutes as FastifyPluginAsync,
  apiKeysRoutes as FastifyPluginAsync,
  auditRoutes as FastifyPluginAsync,
  chainRoutes as FastifyPluginAsync,
  dutyRoutes as FastifyPluginAsync,
  residentsRoutes as FastifyPluginAsync,
  placesRoutes as FastifyPluginAsync,
  categoriesRoutes as FastifyPluginAsync,
  worktimeRoutes as FastifyPluginAsync,
  notificationsRoutes as FastifyPluginAsync,
  attachmentsRoutes as FastifyPluginAsync,
  casesRoutes as FastifyPluginAsync,
  warningsRoutes as FastifyPluginAsync,
  ledgerImportRoutes as FastifyPluginAsync,
  ledgerRoutes as FastifyPluginAsync,
  campaignsRoutes as FastifyPluginAsync,
  liveRoutes as FastifyPluginAsync,
  analyticsRoutes as FastifyPluginAsync,
];
