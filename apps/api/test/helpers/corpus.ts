import { fileURLToPath } from 'node:url';

/** The shared test corpus lives beside the repository: ../shared/corpus. */
export function corpusPath(...parts: string[]): string {
  return fileURLToPath(new URL(`../../../../../shared/corpus/${parts.join('/')}`, import.meta.url));
}
