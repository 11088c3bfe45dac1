/**
 * @fastify/multipart stays registered for its content-type parser, and with it come request.parts(),
 * file() and saveRequestFiles(). No route calls them; one that did would get the reader's bounds
 * (lib/multipart-form.ts formLimits), not the plugin's defaults (1000 parts, any number of files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formLimits } from '../src/lib/multipart-form.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, {
    beforeReady: (app) =>
      app.post('/test/plugin-parts', async (request) => {
        let parts = 0;
        for await (const part of request.parts()) {
          if (part.type === 'file') await part.toBuffer();
          parts++;
        }
        return { parts };
      }),
  });
});
afterAll(async () => t?.close());

describe("the multipart plugin's own readers", () => {
  it('take no more parts than the reader does', async () => {
    let req = t.http().post('/test/plugin-parts');
    for (let i = 0; i <= formLimits.parts; i++) req = req.field(`f${i}`, 'x');
    const res = await req;
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('take no more files than the reader does', async () => {
    const res = await t.http().post('/test/plugin-parts').attach('a', Buffer.from('one'), 'a.bin').attach('b', Buffer.from('two'), 'b.bin');
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('still read a form within those bounds', async () => {
    const res = await t.http().post('/test/plugin-parts').field('title', 'x').attach('file', Buffer.from('one'), 'a.bin');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.parts).toBe(2);
  });
});
