const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Only lowercase hex as put() returns it; anything else never reaches a path or key (no traversal). */
export const isSha256 = (value: string): boolean => SHA256_HEX.test(value);

/** `aa/bb/<sha256>`: two levels of 256 keep directories (and S3 listings) small. */
export const shardedName = (sha256: string): string => `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
