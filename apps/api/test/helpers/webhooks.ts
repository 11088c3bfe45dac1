import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../src/modules/ingest/webhook-signature.ts';
import type { TestApp } from './test-app.ts';

export type Delivery = { body: Buffer; contentType: string };

export function jsonDelivery(payload: unknown): Delivery {
  return { body: Buffer.from(JSON.stringify(payload)), contentType: 'application/json' };
}

/** A multipart form of these parts, in order: field name, filename (null for a text field), content. */
export function formDelivery(parts: [name: string, filename: string | null, content: Buffer][]): Delivery {
  const boundary = `----wp${randomUUID()}`;
  const body = Buffer.concat([
    ...parts.flatMap(([name, filename, content]) => [
      Buffer.from(
        filename === null
          ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: application/json\r\n\r\n`
          : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The WordPress plugin's multipart form: the JSON event, then the file. */
export function multipartDelivery(payload: unknown, file: Buffer, filename = 'upload.jpg'): Delivery {
  return formDelivery([['payload', null, Buffer.from(JSON.stringify(payload))], ['file', filename, file]]);
}

/** Sends a delivery signed per Standard Webhooks; every part of the signing can be overridden to test refusals. */
export function sendWebhook(
  t: TestApp,
  siteId: string,
  delivery: Delivery,
  sign: { secret: string; id?: string; timestamp?: number; signature?: string; bodyForSignature?: Buffer; query?: string },
) {
  const id = sign.id ?? `msg_${randomUUID()}`;
  const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = sign.signature ?? signWebhook(sign.secret, id, timestamp, sign.bodyForSignature ?? delivery.body);
  return t
    .http(null)
    .post(`/v1/hooks/wordpress/${siteId}${sign.query ?? ''}`)
    .set('content-type', delivery.contentType)
    .set('webhook-id', id)
    .set('webhook-timestamp', String(timestamp))
    .set('webhook-signature', signature)
    // superagent would re-serialize a Buffer sent as JSON; text goes out byte for byte.
    .send(/json/.test(delivery.contentType) ? delivery.body.toString('utf8') : delivery.body);
}

export function attachmentEvent(type: string, attachment: Record<string, unknown>) {
  return { type, timestamp: new Date().toISOString(), data: { attachment } };
}
