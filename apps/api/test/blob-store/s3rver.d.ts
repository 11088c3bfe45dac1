// s3rver ships no types; only what the tests use.
declare module 's3rver' {
  interface S3rverOptions {
    port?: number;
    address?: string;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Resolves with the bound address (port 0 picks a free one). */
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
