import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks verification (https://www.standardwebhooks.com/): the signature is
 * `v1,` + base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<raw body>` keyed with the
 * base64-decoded part of a `whsec_...` secret. The header may carry several space-separated
 * signatures and a site may have several live secrets, so that secrets can rotate.
 */
export const toleranceSeconds = 5 * 60;

export type WebhookHeaders = { id?: string; timestamp?: string; signature?: string };
export type Verification =
  | { ok: true }
  | { ok: false; reason: 'missing_headers' | 'timestamp_out_of_tolerance' | 'invalid_signature'; detail: string };

const secretKey = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

export function signWebhook(secret: string, id: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/**
 * What can be checked before the body is read: the three headers are there and the timestamp is
 * within tolerance. A delivery that fails here is refused without reading its body.
 */
export function checkWebhookHeaders(headers: WebhookHeaders, now: Date = new Date()): Verification {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return { ok: false, reason: 'missing_headers', detail: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp_out_of_tolerance', detail: 'webhook-timestamp must be Unix seconds' };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > toleranceSeconds) {
    return { ok: false, reason: 'timestamp_out_of_tolerance', detail: `webhook-timestamp is ${skew} s away from now (tolerance ${toleranceSeconds} s)` };
  }
  return { ok: true };
}

/**
 * The signature check for a body that arrives in pieces: `update` with every chunk, then `verify`.
 * One HMAC per live secret runs alongside, so the body never has to be held to be checked.
 */
export function webhookVerifier(headers: WebhookHeaders, secrets: readonly string[], now: Date = new Date()) {
  const checked = checkWebhookHeaders(headers, now);
  const { id, timestamp, signature } = headers as Required<WebhookHeaders>;
  const macs = checked.ok ? secrets.map((secret) => createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.`)) : [];
  return {
    update(chunk: Buffer): void {
      for (const mac of macs) mac.update(chunk);
    },
    verify(): Verification {
      if (!checked.ok) return checked;
      const offered = signature
        .split(' ')
        .filter((s) => s.startsWith('v1,'))
        .map((s) => Buffer.from(s.slice(3), 'base64'));
      for (const mac of macs) {
        const expected = mac.digest();
        // Constant-time comparison; lengths are compared first because timingSafeEqual requires equal lengths.
        if (offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) return { ok: true };
      }
      return { ok: false, reason: 'invalid_signature', detail: 'No signature matches a current secret of this site' };
    },
  };
}

export function verifyWebhook(headers: WebhookHeaders, body: Buffer, secrets: readonly string[], now: Date = new Date()): Verification {
  const verifier = webhookVerifier(headers, secrets, now);
  verifier.update(body);
  return verifier.verify();
}
