export interface PutResult {
  sha256: string;
  bytes: number;
  /** False when the content was already stored. Two concurrent puts of new content may both report true. */
  created: boolean;
}

export interface BlobStore {
  /** Human description for logs, e.g. "filesystem (/data/blobs)" or "S3 (http://127.0.0.1:9000/bucket)" — never credentials. */
  readonly description: string;
  /** Streams content in while computing SHA-256; stores it under its hash. The same bytes twice are stored once (created=false the second time). Throws BlobTooLargeError (and stores nothing) when more than maxBytes arrive. */
  put(source: NodeJS.ReadableStream | Buffer, opts?: { maxBytes?: number }): Promise<PutResult>;
  /** The whole content, verified against its hash. Throws BlobMissingError or BlobCorruptedError. */
  read(sha256: string): Promise<Buffer>;
  /** For the integrity scrub: re-hash without keeping content in memory. */
  check(sha256: string): Promise<'ok' | 'missing' | 'corrupted'>;
  has(sha256: string): Promise<boolean>;
  /** Every stored hash (for backups and the scrub). */
  list(): AsyncIterable<string>;
  close(): Promise<void>;
}
