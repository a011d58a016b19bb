/** Uploaded files (photos, PDFs): stored by content, bound to a case (or another owner) later. */
import { z } from 'zod';

/** Limits the server enforces (multipart limits in app.ts match these). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_UPLOAD = 9;

export const attachmentView = z.object({
  id: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Where to GET the bytes (same origin; needs the same session or key). */
  url: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;

export const uploadResponse = z.object({ items: z.array(attachmentView) });
export type UploadResponse = z.infer<typeof uploadResponse>;
