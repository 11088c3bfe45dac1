import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

// The example from the Standard Webhooks specification.
const specSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const specId = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const specTimestamp = '1614265330';
const specBody = Buffer.from('{"test": 2432232314}');
const specSignature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signatures', () => {
  const at = new Date(Number(specTimestamp) * 1000);

  it('matches the specification example', () => {
    expect(signWebhook(specSecret, specId, specTimestamp, specBody)).toBe(specSignature);
    expect(verifyWebhook({ id: specId, timestamp: specTimestamp, signature: specSignature }, specBody, [specSecret], at)).toEqual({ ok: true });
  });

  it('refuses a tampered body, a re-serialized body and a wrong secret', () => {
    const headers = { id: specId, timestamp: specTimestamp, signature: specSignature };
    expect(verifyWebhook(headers, Buffer.from('{"test": 2432232315}'), [specSecret], at)).toMatchObject({ ok: false, reason: 'invalid_signature' });
    expect(verifyWebhook(headers, Buffer.from('{"test":2432232314}'), [specSecret], at)).toMatchObject({ ok: false, reason: 'invalid_signature' });
    expect(verifyWebhook(headers, specBody, ['whsec_' + Buffer.alloc(24, 7).toString('base64')], at)).toMatchObject({ ok: false, reason: 'invalid_signature' });
  });

  it('accepts several signatures and several secrets (rotation)', () => {
    const other = 'whsec_' + Buffer.alloc(24, 1).toString('base64');
    const headers = { id: specId, timestamp: specTimestamp, signature: `v1,bm90IGl0 ${specSignature}` };
    expect(verifyWebhook(headers, specBody, [other, specSecret], at)).toEqual({ ok: true });
  });

  it('allows 299 s of clock skew but not 301 s, either way', () => {
    const headers = { id: specId, timestamp: specTimestamp, signature: specSignature };
    for (const offset of [299, -299]) {
      expect(verifyWebhook(headers, specBody, [specSecret], new Date(at.getTime() + offset * 1000))).toEqual({ ok: true });
    }
    for (const offset of [301, -301]) {
      expect(verifyWebhook(headers, specBody, [specSecret], new Date(at.getTime() + offset * 1000))).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
    }
  });

  it('requires all three headers and a numeric timestamp', () => {
    expect(verifyWebhook({ id: specId, timestamp: specTimestamp }, specBody, [specSecret], at)).toMatchObject({ reason: 'missing_headers' });
    expect(verifyWebhook({ id: specId, timestamp: 'yesterday', signature: specSignature }, specBody, [specSecret], at)).toMatchObject({ reason: 'timestamp_out_of_tolerance' });
    expect(verifyWebhook({ id: specId, timestamp: specTimestamp, signature: 'v2,abc' }, specBody, [specSecret], at)).toMatchObject({ reason: 'invalid_signature' });
  });
});
