import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BlobStoreConfig =
  | { kind: 'filesystem'; root: string }
  | {
      kind: 's3';
      /** scheme://host[:port], no credentials: safe to log. */
      endpoint: string;
      bucket: string;
      /** Key prefix without leading or trailing slash; '' for none. */
      prefix: string;
      region: string;
      forcePathStyle: boolean;
      /** Undefined: the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles…). */
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };

const EXPECTED =
  'expected empty (files under <dataDir>/blobs), file:<path>, ' +
  's3://KEY:SECRET@host[:port]/bucket[/prefix][?region=…&pathStyle=true|false] (https) ' +
  'or s3+http://… (plain http, e.g. MinIO on loopback)';

/** Never includes the URL itself: it may carry the secret key. */
const invalid = (reason: string) => new Error(`Invalid BLOB_STORE_URL: ${reason}; ${EXPECTED}`);

// S3's rules for new buckets (lowercase, digits, dots, hyphens; 3–63 characters).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Pure: reads no environment, touches no disk. */
export function parseBlobStoreUrl(url: string | undefined, dataDir: string): BlobStoreConfig {
  const value = url?.trim() ?? '';
  if (value === '') return { kind: 'filesystem', root: join(dataDir, 'blobs') };
  if (value.startsWith('file:')) return { kind: 'filesystem', root: parseFilePath(value) };
  if (value.startsWith('s3://') || value.startsWith('s3+http://')) return parseS3(value);
  throw invalid('unsupported scheme');
}

function parseFilePath(value: string): string {
  const rest = value.slice('file:'.length);
  // file:///abs (a real file URL, percent-encoded) or file:/abs, file:relative (a plain path).
  let path: string;
  if (rest.startsWith('//')) {
    try {
      path = fileURLToPath(value);
    } catch {
      throw invalid('file URL must be file:///absolute/path (no host)');
    }
  } else {
    path = rest;
  }
  if (path === '') throw invalid('file: needs a path');
  return resolve(path);
}

function parseS3(value: string): BlobStoreConfig {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    // Not rethrown as cause: Node's TypeError carries the whole input, secret included.
    throw invalid('not a parsable URL');
  }
  if (u.hostname === '') throw invalid('missing host');
  const [bucketSegment = '', ...prefixSegments] = u.pathname.replace(/^\/+/, '').split('/');
  const bucket = decode(bucketSegment, 'bucket');
  if (!BUCKET.test(bucket)) throw invalid('missing or invalid bucket name (3–63 of a-z 0-9 . -)');
  const prefix = prefixSegments
    .filter((s) => s !== '')
    .map((s) => decode(s, 'prefix'))
    .join('/');

  const accessKeyId = decode(u.username, 'access key');
  const secretAccessKey = decode(u.password, 'secret');
  if ((accessKeyId === '') !== (secretAccessKey === '')) throw invalid('give both access key and secret, or neither');

  let region = 'us-east-1';
  let pathStyle: boolean | undefined;
  for (const [key, v] of u.searchParams) {
    if (key === 'region') {
      if (!/^[a-z0-9-]+$/.test(v)) throw invalid('region must be like us-east-1');
      region = v;
    } else if (key === 'pathStyle') {
      if (v !== 'true' && v !== 'false') throw invalid('pathStyle must be true or false');
      pathStyle = v === 'true';
    } else {
      throw invalid(`unknown option "${key}" (known: region, pathStyle)`);
    }
  }
  const host = u.hostname.toLowerCase();
  const isAws = host === 'amazonaws.com' || host.endsWith('.amazonaws.com');
  const scheme = u.protocol === 's3+http:' ? 'http' : 'https';

  return {
    kind: 's3',
    endpoint: `${scheme}://${host}${u.port ? `:${u.port}` : ''}`,
    bucket,
    prefix,
    region,
    // MinIO, s3rver and most other S3 servers only do path style; AWS prefers virtual-hosted.
    forcePathStyle: pathStyle ?? !isAws,
    ...(accessKeyId !== '' ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  };
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`bad percent-encoding in the ${what}`);
  }
}
