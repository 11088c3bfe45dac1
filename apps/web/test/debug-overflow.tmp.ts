import { launchBrowser, openPage, signIn, startApi, startWeb } from './helpers/stack';
const api = await startApi();
const web = await startWeb(api.url);
await api.call('POST', '/v1/sites', { name: 'Harbour blog', baseUrl: 'https://harbour.example' });
const browser = await launchBrowser();
const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
const { page } = await openPage(ctx);
await signIn(page, web.url, api.admin);
await page.goto(`${web.url}/settings`);
console.log(await page.evaluate(() => {
  const out: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1) out.push(`${el.tagName}.${el.className} right=${Math.round(r.right)} w=${Math.round(r.width)}`);
  }
  return out.slice(0, 30).join('\n');
}));
await page.screenshot({ path: '/tmp/dbg/settings-phone.png', fullPage: true });
await browser.close(); await web.stop(); await api.stop();
process.exit(0);
