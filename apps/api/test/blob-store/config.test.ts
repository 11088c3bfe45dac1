import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBlobStore, parseBlobStoreUrl } from '../../src/lib/blob-store/index.ts';

const SECRET = 'wJalr/XUtnFEMI+K7MDENG%bPxRfiCY';
const ENCODED = encodeURIComponent(SECRET);

describe('parseBlobStoreUrl', () => {
  it.each([
    [undefined, '/data/blobs'],
    ['', '/data/blobs'],
    ['  ', '/data/blobs'],
    ['file:/srv/blobs', '/srv/blobs'],
    ['file:///srv/my%20blobs', '/srv/my blobs'],
    ['file:relative/blobs', resolve('relative/blobs')],
  ])('%j → filesystem at %s', (url, root) => {
    expect(parseBlobStoreUrl(url, '/data')).toEqual({ kind: 'filesystem', root });
  });

  it('reads an s3+http URL for MinIO on loopback (path style, decoded credentials)', () => {
    expect(parseBlobStoreUrl(`s3+http://AKID%2B1:${ENCODED}@127.0.0.1:9000/media/prod/blobs/?region=eu-west-1`, '/data')).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'media',
      prefix: 'prod/blobs',
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKID+1', secretAccessKey: SECRET },
    });
  });

  it('uses https, us-east-1 and virtual-hosted style for AWS, and the SDK chain without credentials', () => {
    const cfg = parseBlobStoreUrl('s3://s3.eu-central-1.amazonaws.com/media', '/data');
    expect(cfg).toEqual({
      kind: 's3',
      endpoint: 'https://s3.eu-central-1.amazonaws.com',
      bucket: 'media',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    });
    expect(cfg).not.toHaveProperty('credentials');
  });

  it('lets pathStyle override the host-based default either way', () => {
    expect(parseBlobStoreUrl('s3://s3.amazonaws.com/media?pathStyle=true', '/d')).toMatchObject({ forcePathStyle: true });
    expect(parseBlobStoreUrl('s3://minio.internal/media?pathStyle=false', '/d')).toMatchObject({ forcePathStyle: false });
    expect(parseBlobStoreUrl('s3://minio.internal/media', '/d')).toMatchObject({ forcePathStyle: true, endpoint: 'https://minio.internal' });
  });

  it.each([
    ['unknown scheme', `https://AKID:${ENCODED}@host/bucket`, /unsupported scheme/],
    ['no bucket', `s3://AKID:${ENCODED}@host`, /bucket/],
    ['bad bucket name', `s3://AKID:${ENCODED}@host/No_Such`, /bucket/],
    ['key without secret', 's3://AKID@host/bucket', /both access key and secret/],
    ['unknown option', `s3://AKID:${ENCODED}@host/bucket?regoin=x`, /unknown option "regoin"/],
    ['bad pathStyle', `s3://AKID:${ENCODED}@host/bucket?pathStyle=yes`, /pathStyle/],
    ['bad region', `s3://AKID:${ENCODED}@host/bucket?region=${ENCODED}`, /region/],
    ['unparsable', `s3+http://AKID:${ENCODED}@host:99999/bucket`, /not a parsable URL/],
    ['bad percent-encoding', `s3://AKID:${ENCODED}%ZZ@host/bucket`, /percent-encoding/],
    ['file URL with a host', 'file://server/share', /file:\/\/\//],
  ])('rejects %s with the expected forms and without the secret', (_, url, reason) => {
    let message = '';
    try {
      parseBlobStoreUrl(url, '/data');
    } catch (err) {
      expect(err).not.toHaveProperty('cause');
      message = (err as Error).message;
    }
    expect(message).toMatch(reason);
    expect(message).toContain('file:<path>');
    expect(message).toContain('s3://KEY:SECRET@host');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(ENCODED);
    expect(message).not.toContain('wJalr');
  });
});

describe('openBlobStore', () => {
  it('defaults to <dataDir>/blobs and describes where blobs go', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'blobs-open-'));
    const store = await openBlobStore(undefined, dataDir);
    expect(store.description).toBe(`filesystem (${join(dataDir, 'blobs')})`);
    expect((await stat(join(dataDir, 'blobs', 'tmp'))).isDirectory()).toBe(true);
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
