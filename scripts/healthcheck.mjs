// Docker HEALTHCHECK: exits 0 when every URL given answers (2xx, or a redirect such as the
// dashboard's to its sign-in page) within 4 s, else 1. No arguments: the API's /health.
const urls = process.argv.slice(2);
if (urls.length === 0) urls.push(`http://127.0.0.1:${process.env.API_PORT || '4000'}/health`);
try {
  for (const url of urls) {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(4000) });
    if (response.status >= 400) throw new Error(`${url} answered ${response.status}`);
  }
  process.exit(0);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exit(1);
}
