export class BlobTooLargeError extends Error {
  override readonly name = 'BlobTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`Blob exceeds the limit of ${maxBytes} bytes`);
  }
}

export class BlobMissingError extends Error {
  override readonly name = 'BlobMissingError';
  constructor(readonly sha256: string) {
    super(`Blob ${sha256} is missing`);
  }
}

export class BlobCorruptedError extends Error {
  override readonly name = 'BlobCorruptedError';
  constructor(
    readonly sha256: string,
    readonly actual: string,
  ) {
    super(`Blob ${sha256} is corrupted: its content hashes to ${actual}`);
  }
}
