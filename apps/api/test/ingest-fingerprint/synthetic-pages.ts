import sharp, { type OverlayOptions, type Sharp } from 'sharp';

/**
 * Screenshots of made-up web pages with a photo pasted in, in layouts unlike the corpus (fixtures/phash)
 * (which always pastes at (60,160) on a white 1280x900 page): dark and tinted pages, cards with a
 * frame and padding, a banner touching the photo, dense text beside it, galleries, a phone-sized
 * edge-to-edge layout, a half-size re-encoded copy. The region finder must not depend on the one
 * layout the corpus happens to use.
 */
export type Box = { left: number; top: number; width: number; height: number };
/** The screenshot, and where the photo ended up in it (pixels of the screenshot). */
export type Page = { image: Buffer; box: Box };
export type Layout = { name: string; build: (photo: Buffer, seed: number) => Promise<Page> };

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be reproduced. */
function random(seed: number): (min: number, max: number) => number {
  let a = seed >>> 0;
  return (min, max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(min + r * (max - min + 1));
  };
}

const WORDS = 'licence claim photo gallery archive editor rights agency usage caption museum harbour evening review city council weather'.split(' ');

function textLines(rand: ReturnType<typeof random>, box: Box, size: number, colour: string, gap = 1.6): string {
  const lines: string[] = [];
  for (let y = box.top + size; y <= box.top + box.height; y += Math.round(size * gap)) {
    const words: string[] = [];
    let chars = 0;
    const max = Math.floor(box.width / (size * 0.55));
    while (chars < max - 12) {
      const w = WORDS[rand(0, WORDS.length - 1)]!;
      words.push(w);
      chars += w.length + 1;
    }
    lines.push(`<text x="${box.left}" y="${y}" font-family="sans-serif" font-size="${size}" fill="${colour}">${words.join(' ')}</text>`);
  }
  return lines.join('');
}

async function page(width: number, height: number, background: string, svgBody: string, photos: { input: Buffer; box: Box; radius?: number }[]): Promise<Sharp> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>${svgBody}</svg>`;
  const layers: OverlayOptions[] = [];
  for (const p of photos) {
    let img = sharp(p.input).rotate().resize(p.box.width, p.box.height, { fit: 'fill' });
    if (p.radius) {
      const mask = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${p.box.width}" height="${p.box.height}"><rect width="100%" height="100%" rx="${p.radius}" fill="#fff"/></svg>`);
      img = sharp(await img.png().toBuffer()).composite([{ input: mask, blend: 'dest-in' }]);
    }
    layers.push({ input: await img.png().toBuffer(), left: p.box.left, top: p.box.top });
  }
  return sharp(Buffer.from(svg)).composite(layers).flatten({ background });
}

/** Fit a photo of the given aspect inside maxW x maxH. */
async function fitted(photo: Buffer, maxW: number, maxH: number): Promise<{ width: number; height: number }> {
  const m = await sharp(photo).rotate().metadata();
  const w = m.autoOrient?.width ?? m.width ?? 1;
  const h = m.autoOrient?.height ?? m.height ?? 1;
  const scale = Math.min(maxW / w, maxH / h);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

export const layouts: Layout[] = [
  {
    name: 'dark theme, random position',
    async build(photo, seed) {
      const rand = random(seed);
      const size = await fitted(photo, rand(300, 640), rand(260, 420));
      const box = { left: rand(24, 1280 - 24 - 320 - size.width), top: rand(90, 820 - size.height), ...size };
      const text = textLines(rand, { left: 24, top: 10, width: 700, height: 60 }, 18, '#e6e6e6') + textLines(rand, { left: box.left + size.width + 30, top: box.top, width: 1280 - box.left - size.width - 60, height: 400 }, 15, '#bbbbbb');
      return { image: await (await page(1280, 860, '#1e1f22', text, [{ input: photo, box }])).png({ compressionLevel: 1 }).toBuffer(), box };
    },
  },
  {
    name: 'card with frame and padding on beige, caption touching',
    async build(photo, seed) {
      const rand = random(seed);
      const size = await fitted(photo, rand(360, 560), 420);
      const card = { left: rand(40, 300), top: rand(60, 200), width: size.width + 24, height: size.height + 24 + 40 };
      const box = { left: card.left + 12, top: card.top + 12, ...size };
      const body = `<rect x="${card.left}" y="${card.top}" width="${card.width}" height="${card.height}" fill="#ffffff" stroke="#c8c8c8" stroke-width="1"/>` + textLines(rand, { left: box.left, top: box.top + size.height + 4, width: size.width, height: 20 }, 13, '#555555') + textLines(rand, { left: card.left + card.width + 40, top: 80, width: 380, height: 600 }, 14, '#333333');
      return { image: await (await page(1366, 768 + 100, '#f4efe4', body, [{ input: photo, box }])).jpeg({ quality: 80 }).toBuffer(), box };
    },
  },
  {
    name: 'coloured banner touching the top of the photo',
    async build(photo, seed) {
      const rand = random(seed);
      const size = await fitted(photo, 900, rand(380, 520));
      const box = { left: Math.round((1280 - size.width) / 2), top: 110, ...size };
      const body = `<rect x="0" y="0" width="1280" height="110" fill="#12356b"/>` + textLines(rand, { left: 40, top: 30, width: 700, height: 50 }, 26, '#ffffff') + textLines(rand, { left: box.left, top: box.top + size.height + 16, width: size.width, height: 120 }, 16, '#222222');
      return { image: await (await page(1280, Math.max(800, box.top + size.height + 150), '#ffffff', body, [{ input: photo, box }])).png({ compressionLevel: 1 }).toBuffer(), box };
    },
  },
  {
    name: 'dense text column beside, rounded corners',
    async build(photo, seed) {
      const rand = random(seed);
      const size = await fitted(photo, rand(420, 560), 460);
      const box = { left: 1280 - 40 - size.width, top: rand(120, 300), ...size };
      const body = textLines(rand, { left: 30, top: 30, width: box.left - 70, height: 780 }, 14, '#111111', 1.25) + textLines(rand, { left: box.left, top: 40, width: size.width, height: 50 }, 22, '#111111');
      return { image: await (await page(1280, 860, '#ffffff', body, [{ input: photo, box, radius: 10 }])).jpeg({ quality: 85 }).toBuffer(), box };
    },
  },
  {
    name: 'gallery: two photos side by side',
    async build(photo, seed) {
      const rand = random(seed);
      const other = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } })
        .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><defs><linearGradient id="g"><stop offset="0" stop-color="#2a6"/><stop offset="1" stop-color="#c52"/></linearGradient></defs><rect width="400" height="300" fill="url(#g)"/><circle cx="${rand(100, 300)}" cy="150" r="80" fill="#fd3"/></svg>`) }])
        .png()
        .toBuffer();
      const size = await fitted(photo, 520, 400);
      const first = rand(0, 1) === 0;
      const a = { left: 60, top: 200, ...size };
      const b = { left: 60 + size.width + 12, top: 200, width: 400, height: 300 };
      const body = textLines(rand, { left: 60, top: 60, width: 900, height: 100 }, 20, '#202020');
      const box = first ? a : { ...a, left: 60 + 400 + 12 };
      const photos = first ? [{ input: photo, box }, { input: other, box: b }] : [{ input: other, box: { ...b, left: 60 } }, { input: photo, box }];
      return { image: await (await page(1280, 720, '#fafafa', body, photos)).png({ compressionLevel: 1 }).toBuffer(), box };
    },
  },
  {
    name: 'phone screenshot, photo edge to edge',
    async build(photo, seed) {
      const rand = random(seed);
      const size = await fitted(photo, 390 * 2, 10_000);
      const box = { left: 0, top: rand(200, 400), ...size };
      const height = Math.max(844 * 2, box.top + size.height + 300);
      const body = textLines(rand, { left: 32, top: 40, width: 700, height: box.top - 80 }, 34, '#000000') + textLines(rand, { left: 32, top: box.top + size.height + 30, width: 700, height: 240 }, 30, '#333333');
      return { image: await (await page(780, height, '#ffffff', body, [{ input: photo, box }])).png({ compressionLevel: 1 }).toBuffer(), box };
    },
  },
  {
    name: 'half-size re-encoded screenshot (retina shared at 1x), JPEG q70',
    async build(photo, seed) {
      const rand = random(seed);
      const size = await fitted(photo, rand(900, 1300), rand(800, 1000));
      const box = { left: rand(80, 2560 - 700 - size.width), top: rand(200, 1500 - size.height), ...size };
      const body = `<rect x="0" y="0" width="2560" height="120" fill="#e8e8ea"/>` + textLines(rand, { left: box.left, top: 140, width: 1500, height: 40 }, 40, '#111111') + `<rect x="${2560 - 600}" y="200" width="520" height="1200" fill="#eef3f8"/>`;
      const big = await (await page(2560, 1600, '#ffffff', body, [{ input: photo, box }])).png().toBuffer();
      const half = { left: box.left / 2, top: box.top / 2, width: box.width / 2, height: box.height / 2 };
      return { image: await sharp(big).resize(1280).jpeg({ quality: 70 }).toBuffer(), box: half };
    },
  },
  {
    name: 'small inline picture inside a paragraph',
    async build(photo, seed) {
      const rand = random(seed);
      const size = await fitted(photo, 240, 200);
      const box = { left: rand(40, 200), top: rand(150, 400), ...size };
      const body =
        textLines(rand, { left: 40, top: 30, width: 1000, height: box.top - 50 }, 15, '#222222', 1.4) +
        textLines(rand, { left: box.left + size.width + 16, top: box.top, width: 1000 - box.left - size.width, height: size.height }, 15, '#222222', 1.4) +
        textLines(rand, { left: 40, top: box.top + size.height + 12, width: 1000, height: 200 }, 15, '#222222', 1.4);
      return { image: await (await page(1100, box.top + size.height + 240, '#ffffff', body, [{ input: photo, box }])).png({ compressionLevel: 1 }).toBuffer(), box };
    },
  },
];
