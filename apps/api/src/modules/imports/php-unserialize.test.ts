import { serialize, unserialize } from 'php-serialize';
import { describe, expect, it } from 'vitest';
import { phpUnserialize } from './php-unserialize.ts';

const samples: unknown[] = [
  null,
  true,
  false,
  0,
  -42,
  3.25,
  '',
  'plain',
  'Jäne Ðoe — ©2024 “quoted” 写真 📷',
  'has ";} inside',
  [],
  ['a', 'b', 3],
  {
    width: 2560,
    height: 1707,
    file: '2024/05/harbour-scaled.jpg',
    sizes: { thumbnail: { file: 'harbour-150x150.jpg', width: 150, height: 150, 'mime-type': 'image/jpeg' } },
    image_meta: { credit: 'Jäne', keywords: ['sea', 'dawn'], created_timestamp: '1714990000' },
    original_image: 'harbour.jpg',
  },
];

describe('phpUnserialize', () => {
  it.each(samples.map((s) => [JSON.stringify(s), s]))('reads %s as php-serialize does', (_label, value) => {
    const text = serialize(value);
    expect(JSON.parse(JSON.stringify(phpUnserialize(text)))).toEqual(JSON.parse(JSON.stringify(unserialize(text))));
    expect(JSON.parse(JSON.stringify(phpUnserialize(text)))).toEqual(value);
  });

  it.each([
    ['an object', 'O:8:"stdClass":1:{s:1:"a";i:1;}', /objects are not accepted/],
    ['a custom-serialized object', 'C:3:"Foo":0:{}', /objects are not accepted/],
    ['a reference', 'a:2:{i:0;s:1:"x";i:1;R:2;}', /unknown type "R"/],
    ['a string longer than its data', 's:50:"short";', /past the end/],
    ['a wrong byte length (characters, not bytes)', 's:4:"Jäne";', /expected/],
    ['trailing data', 'i:1;i:2;', /trailing data/],
    ['a cut-off array', 'a:2:{i:0;s:1:"x";', /./],
    ['deep nesting', 'a:1:{i:0;'.repeat(100) + 'N;' + '}'.repeat(100), /too deeply/],
    ['a non-integer', 'i:1e9;', /not an integer/],
  ])('refuses %s', (_label, text, message) => {
    expect(() => phpUnserialize(text)).toThrow(message);
  });

  it('a key "__proto__" stays a plain key', () => {
    const value = phpUnserialize('a:1:{s:9:"__proto__";s:1:"x";}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
