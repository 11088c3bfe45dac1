/** Why an input could not be fingerprinted; callers map these to a 4xx, never a 5xx. */
export type FingerprintFailure = 'not-an-image' | 'too-many-pixels' | 'corrupt' | 'unreadable';

/** Raised for any input that is not a decodable image within the pixel limit. */
export class FingerprintError extends Error {
  override readonly name = 'FingerprintError';
  constructor(
    readonly reason: FingerprintFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
