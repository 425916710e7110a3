// Attachment uploads as Discord takes them: a multipart/form-data body whose `payload_json` part is the
// message JSON and whose `files[n]` parts are the files. `attachments` in the JSON describes each file by
// id n (filename, description); an embed shows one through `attachment://<filename>`. The fake keeps
// every file's bytes, so tests can check what users would actually see (e.g. that a chart is a real PNG).
import type { APIAttachment } from 'discord-api-types/v10';
import { formError } from './errors.js';

export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Discord's limit for a bot without boosts, and its cap on attachments per message. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

const FILE_FIELD = /^files\[(\d+)\]$/;

/** The n of `files[n]`; Discord also accepts other field names (discord.js always uses files[n]). */
export function fileIndex(f: UploadedFile, position: number): string {
  const m = FILE_FIELD.exec(f.field);
  return m ? (m[1] as string) : String(position);
}

interface AttachmentMeta {
  id?: string | number;
  filename?: string;
  description?: string;
}

/**
 * Attachment objects for uploaded files: one per file, named by the matching `attachments` entry when there
 * is one. Rejects what Discord rejects: too many or too large files, and `attachments` entries that point
 * at neither an uploaded file nor (on an edit) one of the message's current attachments (`keep`).
 */
export function attachmentsFor(files: readonly UploadedFile[], body: { attachments?: unknown }, nextId: () => string, keep: readonly APIAttachment[] = []): APIAttachment[] {
  if (files.length + keep.length > MAX_ATTACHMENTS) throw formError('files', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_ATTACHMENTS} or fewer in length.`);
  const meta = Array.isArray(body.attachments) ? (body.attachments as AttachmentMeta[]) : [];
  const byIndex = new Map(files.map((f, i) => [fileIndex(f, i), f] as const));
  meta.forEach((m, i) => {
    if (m.id === undefined || (!byIndex.has(String(m.id)) && !keep.some((a) => a.id === String(m.id)))) {
      throw formError(`attachments.${i}.id`, 'ATTACHMENT_NOT_FOUND', 'Unknown attachment: no files[n] part or current attachment with this id');
    }
  });
  return files.map((f, i) => {
    if (f.data.length > MAX_UPLOAD_BYTES) throw formError(`files[${i}]`, 'BASE_TYPE_MAX_LENGTH', 'Request entity too large');
    const m = meta.find((a) => String(a.id) === fileIndex(f, i));
    const filename = m?.filename ?? f.filename;
    const url = `https://cdn.fake/attachments/${encodeURIComponent(filename)}`;
    return {
      id: nextId(), filename, size: f.data.length, url, proxy_url: url, content_type: f.contentType,
      ...(m?.description ? { description: m.description } : {}),
    };
  });
}

/**
 * The attachments a message keeps on an edit: all of them when the body has no `attachments`; otherwise
 * only those it lists by id (as Discord does: leaving one out of the list removes it).
 */
export function keptAttachments(current: readonly APIAttachment[], body: { attachments?: unknown }): APIAttachment[] {
  if (!Array.isArray(body.attachments)) return [...current];
  const ids = new Set((body.attachments as AttachmentMeta[]).map((m) => String(m.id)));
  return current.filter((a) => ids.has(a.id));
}

/** Embeds that point at `attachment://name` must name an attachment of the message (else Discord shows nothing). */
export function checkAttachmentRefs(embeds: readonly Record<string, unknown>[] | null | undefined, attachments: readonly APIAttachment[]): void {
  (embeds ?? []).forEach((e, i) => {
    for (const key of ['image', 'thumbnail'] as const) {
      const url = (e[key] as { url?: unknown } | undefined)?.url;
      if (typeof url !== 'string' || !url.startsWith('attachment://')) continue;
      const name = url.slice('attachment://'.length);
      if (!attachments.some((a) => a.filename === name)) {
        throw formError(`embeds.${i}.${key}.url`, 'ATTACHMENT_NOT_FOUND', `No attachment named ${name} in this message`);
      }
    }
  });
}
