import { Type, type Static } from 'typebox';
import { DateTime, Id, Nullable, Page, PageQuery } from './common.ts';

export const importKinds = ['wxr', 'wordpress_rest'] as const;
export const importStatuses = ['queued', 'running', 'paused', 'completed', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const ImportItemErrorSchema = Type.Object({
  item: Type.String({ description: 'The WordPress attachment id, or the page of the crawl' }),
  detail: Type.String(),
});
export type ImportItemError = Static<typeof ImportItemErrorSchema>;

/** An import of a site's existing media library, with its progress. */
export const ImportJobSchema = Type.Object({
  id: Id,
  siteId: Id,
  kind: Type.Enum(importKinds),
  status: Type.Enum(importStatuses, {
    description: '`paused`: stopped by a shutdown, or left running by a process that stopped; resume it. `failed`: see `error`; most failures can be resumed too.',
  }),
  source: Nullable(Type.String({ description: "The crawled site's media endpoint, or the uploaded file's name" })),
  fetchFiles: Type.Boolean({ description: 'Files on the site are fetched and fingerprinted, not only recorded from metadata' }),
  total: Nullable(Type.Integer({ description: 'Attachments to import, once known (X-WP-Total, or counted in the file)' })),
  processed: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  error: Nullable(Type.String({ description: 'Why the import stopped, when it failed' })),
  itemErrors: Type.Array(ImportItemErrorSchema, { description: 'The first per-item problems (a bounded sample)' }),
  resumable: Type.Boolean({ description: 'POST /v1/imports/{id}/resume carries on from where it stopped' }),
  createdBy: Nullable(Type.String()),
  startedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ImportJob = Static<typeof ImportJobSchema>;
export const ImportJobPage = Page(ImportJobSchema);

const credentials = {
  username: Type.String({ minLength: 1, maxLength: 200, description: 'A WordPress user that may list the media library' }),
  applicationPassword: Type.String({
    minLength: 1,
    maxLength: 200,
    description: "An application password of that user (Users → Profile → Application Passwords). Used for this crawl only, never stored.",
  }),
};

export const StartWordPressImportBody = Type.Object(
  {
    ...credentials,
    fetchFiles: Type.Optional(Type.Boolean({ default: true, description: 'Fetch each file from the site and run it through the upload pipeline' })),
    perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'Attachments per page of the crawl' })),
  },
  { additionalProperties: false },
);
export type StartWordPressImportInput = Static<typeof StartWordPressImportBody>;

export const ResumeImportBody = Type.Object(
  {
    username: Type.Optional(credentials.username),
    applicationPassword: Type.Optional(credentials.applicationPassword),
  },
  { additionalProperties: false, description: 'A crawl needs its credentials again (they are never stored); a WXR import needs nothing.' },
);
export type ResumeImportInput = Static<typeof ResumeImportBody>;

/** The multipart form of a WXR upload. */
export const WxrImportForm = Type.Object(
  {
    fetchFiles: Type.Optional(Type.Enum(['true', 'false'], { default: 'true', description: 'Fetch files that are on the site and reachable' })),
    file: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The WordPress export (WXR 1.0–1.2), streamed; never buffered whole' }),
  },
  { additionalProperties: false },
);

export const ImportListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
