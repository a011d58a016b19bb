/** The campaigns module's services, built together (visits and the export need the campaign access checks). */
import type { AppContext } from '../../core/context.js';
import type { AttachmentsService } from '../attachments/attachments.service.js';
import { CampaignExport } from './campaigns.export.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignVisitsService } from './visits.service.js';

export function createCampaignServices(ctx: AppContext, attachments: AttachmentsService) {
  const campaigns = new CampaignsService(ctx);
  return {
    campaigns,
    visits: new CampaignVisitsService(ctx, campaigns, attachments),
    exporter: new CampaignExport(ctx, campaigns),
  };
}
export type CampaignServices = ReturnType<typeof createCampaignServices>;
