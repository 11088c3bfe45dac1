/**
 * The one table of error codes. HTTP status, problem `type` and `title` and the OpenAPI error
 * responses are all derived from it; a code, once published, keeps its meaning.
 */
export const errorCodes = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  invalid_filename: { status: 400, title: 'The file name is not acceptable' },
  empty_file: { status: 400, title: 'The file is empty' },
  missing_file: { status: 400, title: 'The form has no file part' },
  malformed_json: { status: 400, title: 'The body is not valid JSON' },
  invalid_cursor: { status: 400, title: 'The pagination cursor is not valid' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  invalid_signature: { status: 401, title: 'The webhook signature does not match a current secret of this site' },
  timestamp_out_of_tolerance: { status: 401, title: 'The webhook timestamp is more than 5 minutes away from now' },
  invalid_token: { status: 401, title: 'The token is unknown or revoked' },
  invalid_session: { status: 401, title: 'The session is unknown, expired or ended: sign in again' },
  invalid_credentials: { status: 401, title: 'The e-mail or the password is wrong' },
  forbidden: { status: 403, title: 'This credential may not do that' },
  site_forbidden: { status: 403, title: 'This credential is limited to another site' },
  forbidden_role: { status: 403, title: 'Your role may not do that' },
  csrf_failed: { status: 403, title: 'The x-csrf-token header is missing or does not match the session' },
  wrong_password: { status: 403, title: 'The current password is not correct' },
  not_found: { status: 404, title: 'No such resource' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'The request conflicts with stored data' },
  email_taken: { status: 409, title: 'A user with this e-mail already exists' },
  last_admin: { status: 409, title: 'The last active admin cannot be demoted or disabled' },
  blob_corrupted: { status: 409, title: 'The stored file no longer matches its SHA-256: it was altered on disk' },
  blob_missing: { status: 410, title: 'The stored file is missing from the blob store' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  too_many_parts: { status: 413, title: 'The form has too many parts, fields or files' },
  unsupported_media_type: { status: 415, title: 'This content type is not accepted' },
  unsupported_type: { status: 415, title: 'This kind of file is not accepted here' },
  type_mismatch: { status: 415, title: 'The file is not what its name says' },
  polyglot: { status: 415, title: 'The file hides a second format inside it' },
  assets_span_sites: { status: 422, title: 'All assets of a license must belong to one site' },
  invalid_transition: { status: 409, title: 'The claim cannot change to that status this way' },
  reason_required: { status: 422, title: 'Going back to an earlier status needs a note saying why' },
  claim_closed: { status: 409, title: 'The claim is closed; reopen it with a note first' },
  no_confirmed_assets: { status: 422, title: 'Confirm which assets the claim is about first' },
  letter_unreadable: { status: 422, title: 'No text could be read from the letter' },
  invalid_date_range: { status: 422, title: 'A period ends before it starts' },
  date_in_future: { status: 400, title: 'The day is in the future' },
  last_asset: { status: 422, title: 'A license must cover at least one asset' },
  invalid_email: { status: 422, title: 'The e-mail message could not be read' },
  outbound_blocked: { status: 422, title: 'That address may not be fetched' },
  fetch_failed: { status: 422, title: 'The page could not be fetched' },
  image_unreadable: { status: 422, title: 'The file is an image format Clearance cannot decode' },
  site_not_in_letter: { status: 409, title: "The letter names none of this asset's site's URLs; confirm with override: true if it is the image" },
  claim_other_site: { status: 422, title: 'The claim belongs to another site than the asset' },
  wxr_malformed: { status: 400, title: 'The WXR file is not well-formed XML' },
  wxr_not_wxr: { status: 422, title: 'The file is not a WordPress export (WXR)' },
  wxr_unsupported_version: { status: 422, title: 'This WXR version is not supported' },
  import_not_resumable: { status: 409, title: 'This import cannot be resumed in its current state' },
  job_finished: { status: 409, title: 'The job has already finished; it cannot be cancelled' },
  job_not_retryable: { status: 409, title: 'Only a dead or cancelled job can be retried' },
  rate_limited: { status: 429, title: 'Too many requests' },
  too_many_attempts: { status: 429, title: 'Too many failed sign-in attempts; wait before trying again' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  /** Answered by the dashboard's /api proxy when the API does not answer. */
  api_unreachable: { status: 502, title: 'The API could not be reached' },
  service_unavailable: { status: 503, title: 'The service is not ready' },
  /** Load shedding: refused at once, before any work; always with Retry-After. */
  overloaded: { status: 503, title: 'The API is at capacity; retry after the seconds in Retry-After' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** Problem `type` URIs point at the documentation of each code. */
export const problemTypeBase = 'https://clearance.dev/problems/';

export function problemType(code: ErrorCode): string {
  return `${problemTypeBase}${code.replaceAll('_', '-')}`;
}
