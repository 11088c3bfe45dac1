/**
 * Which Chromium the browser tests and bench/dashboard.ts drive, decided in this one place:
 * `CHROMIUM_PATH` when set; else Debian's `/usr/bin/chromium` (`apt-get install chromium`) when it
 * exists; else Playwright's own discovery (a browser installed with `npx playwright install
 * chromium`), by launching without an executable path.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

const debianChromium = '/usr/bin/chromium';

/** The executable to launch (undefined: Playwright's own), and where that choice came from. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): { executablePath: string | undefined; source: string } {
  if (env.CHROMIUM_PATH) return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  if (existsSync(debianChromium)) return { executablePath: debianChromium, source: 'Debian package' };
  return { executablePath: undefined, source: "Playwright's own browser" };
}

/** Why no Chromium can be launched here, or null when one can. */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string | null {
  const { executablePath, source } = chromiumExecutable(env);
  if (executablePath) return existsSync(executablePath) ? null : `CHROMIUM_PATH=${executablePath} does not exist`;
  let own: string;
  try {
    own = chromium.executablePath();
  } catch (error) {
    own = `(none: ${(error as Error).message.split('\n')[0]})`;
  }
  if (existsSync(own)) return null;
  return `no Chromium: CHROMIUM_PATH is unset, ${debianChromium} does not exist and ${source} is not installed at ${own} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

/**
 * Headless, and quiet on a closed network: without the background-networking flags Chromium
 * floods it with refused connections. `--user-data-dir` is not allowed here (Playwright refuses
 * it): use launchPersistentContext for a profile directory.
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const { executablePath } = chromiumExecutable(env);
  return {
    // Without a path, Playwright would pick its separate headless shell for headless: true; the
    // 'chromium' channel makes it launch its full Chromium, the one chromiumMissing() looks for.
    ...(executablePath ? { executablePath } : { channel: 'chromium' }),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

/** A browser with its own profile directory (cookies and storage kept there). */
export function launchChromiumWithProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, chromiumLaunchOptions());
}
