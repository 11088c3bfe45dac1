// The repository's vitest configuration (its reporters above all), limited to real-parts.sample.ts.
import { fileURLToPath } from 'node:url';
import config from '../vitest.config.ts';

export default { ...config, root: fileURLToPath(new URL('..', import.meta.url)), test: { ...config.test, include: ['test-support/real-parts.sample.ts'] } };
