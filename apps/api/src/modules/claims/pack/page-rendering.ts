import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * A license-page snapshot as a reader sees it: the stored bytes rendered to PDF by the system
 * Chromium. Rendering is offline: the page's own address is answered with the stored copy and every
 * other request (its style sheets, images, scripts, any other host) is refused, so the rendering
 * shows exactly what was captured, reaches no host at all and cannot be changed by the site today.
 * JavaScript is off, and a total deadline and a size limit bound the work.
 */
export type PageRendering = { ok: true; pdf: Buffer } | { ok: false; reason: string };

export type RenderLimits = { timeoutMs: number; maxBytes: number };

const defaultLimits: RenderLimits = { timeoutMs: 20_000, maxBytes: 20 * 1024 * 1024 };

// The same quiet, sandbox-free flags as the dashboard's browser tests, plus no DNS prefetching and
// no host resolution at all: request interception stops requests, but Chromium's preconnect (for an
// <img>, a frame or a refresh to another host) opened TCP connections before any request was asked
// for. With every name (and IP literal) unresolvable, no socket leaves the browser.
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--dns-prefetch-disable',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/** Whether a snapshot of this type is rendered (HTML); a PDF or an image of a page is its own rendering. */
export function isRenderedPage(mimeType: string): boolean {
  return /^(?:text\/html|application\/xhtml\+xml)\b/i.test(mimeType);
}

/** Why this Chromium cannot render, or null when it can be launched. */
export function chromiumUnavailable(executablePath: string): string | null {
  return existsSync(executablePath) ? null : `Chromium is not installed at ${executablePath} (set CHROMIUM_PATH)`;
}

/** One browser for all the snapshots of one pack, launched on first use and closed by `close`. */
export class SnapshotRenderer {
  private browser: Promise<Browser> | null = null;

  constructor(
    private readonly executablePath: string,
    private readonly limits: RenderLimits = defaultLimits,
  ) {}

  async render(page: { url: string; mimeType: string; body: Buffer }): Promise<PageRendering> {
    const missing = chromiumUnavailable(this.executablePath);
    if (missing) return { ok: false, reason: missing };
    if (!isRenderedPage(page.mimeType)) return { ok: false, reason: `Only HTML pages are rendered; this snapshot is ${page.mimeType}` };
    let target: URL;
    try {
      target = new URL(page.url);
    } catch {
      return { ok: false, reason: 'The snapshot has no valid address to render it under' };
    }
    // Only a web address is answered with the stored copy; about:blank or data: would render something else.
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return { ok: false, reason: 'The snapshot has no web address to render it under' };
    target.hash = '';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<PageRendering>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: `Rendering took longer than ${this.limits.timeoutMs} ms` }), this.limits.timeoutMs);
    });
    try {
      return await Promise.race([this.renderOffline(target.href, page), deadline]);
    } catch (error) {
      return { ok: false, reason: `Chromium could not render the page: ${(error as Error).message.split('\n')[0]}` };
    } finally {
      clearTimeout(timer);
    }
  }

  private async renderOffline(href: string, page: { mimeType: string; body: Buffer }): Promise<PageRendering> {
    this.browser ??= chromium.launch({ executablePath: this.executablePath, headless: true, args: launchArgs });
    const browser = await this.browser;
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', offline: false, acceptDownloads: false });
    try {
      let served = false;
      await context.route('**/*', async (route) => {
        const request = route.request();
        // Only the page itself, once, and only the top document: everything else never leaves the browser.
        if (!served && request.isNavigationRequest() && request.frame().parentFrame() === null && request.url() === href) {
          served = true;
          await route.fulfill({ status: 200, contentType: page.mimeType, body: page.body });
        } else {
          await route.abort('blockedbyclient');
        }
      });
      const tab = await context.newPage();
      await tab.goto(href, { waitUntil: 'load', timeout: this.limits.timeoutMs });
      const pdf = await tab.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
      if (pdf.length > this.limits.maxBytes) return { ok: false, reason: `The rendering is larger than ${this.limits.maxBytes} bytes` };
      return { ok: true, pdf };
    } finally {
      await context.close().catch(() => {});
    }
  }

  async close() {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {});
  }
}
