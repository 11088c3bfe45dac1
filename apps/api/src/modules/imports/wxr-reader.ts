import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AppError } from '../../lib/errors.ts';

/**
 * A streaming reader of WordPress exports (WXR: RSS 2.0 with the `wp:` namespace). It keeps one
 * item at a time, so memory stays flat however large the file. Elements are matched by namespace
 * URI, not prefix: exports use `http://` or `https://wordpress.org/export/1.x/`, and a file may
 * rebind `wp:` to something else inside an element (that content is not WordPress's).
 */

/** WXR versions WordPress has written (1.0: WP 2.x, 1.1: 3.0, 1.2: 3.1 to today). */
export const supportedWxrVersions = ['1.0', '1.1', '1.2'];

const wpNamespace = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/$/;
const dcNamespace = 'http://purl.org/dc/elements/1.1/';
/** A field longer than this is cut: no real title, URL or postmeta value comes near it. */
const maxFieldChars = 4 * 1024 * 1024;

export type WxrItem = {
  postId: string;
  postType: string;
  title: string;
  guid: string;
  creator: string;
  postDate: string;
  postDateGmt: string;
  attachmentUrl: string;
  /** Only the postmeta keys the caller asked for. */
  meta: Map<string, string>;
};

export type WxrChannel = {
  version: string | null;
  baseSiteUrl: string | null;
  baseBlogUrl: string | null;
  /** author_login -> author_id, from the export's header. */
  authors: Map<string, string>;
};

type Position = { line: number; column: number };

export function wxrError(code: 'wxr_malformed' | 'wxr_not_wxr' | 'wxr_unsupported_version', detail: string, at: Position) {
  return new AppError(code, `${detail} (line ${at.line}, column ${at.column})`, { line: at.line, column: at.column });
}

const itemFields: Record<string, keyof WxrItem | undefined> = {
  'wp:post_id': 'postId',
  'wp:post_type': 'postType',
  ':title': 'title',
  ':guid': 'guid',
  'dc:creator': 'creator',
  'wp:post_date': 'postDate',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:attachment_url': 'attachmentUrl',
};

/**
 * Push-style parser: feed it text with `write`, finish with `close`; it calls `onItem` for each
 * complete `<item>` and throws an AppError (wxr_malformed / wxr_not_wxr / wxr_unsupported_version,
 * with line and column) at the first problem. A DOCTYPE is refused outright: WordPress never
 * writes one, and declared entities are the door to entity-expansion attacks (saxes does not
 * expand them either, but there is nothing to gain from reading further).
 */
export class WxrParser {
  readonly channel: WxrChannel = { version: null, baseSiteUrl: null, baseBlogUrl: null, authors: new Map() };
  itemCount = 0;
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private stack: string[] = [];
  private item: WxrItem | null = null;
  private field: string | null = null;
  private buffer = '';
  private metaKey = '';
  private metaValue = '';
  private author: { login: string; id: string } | null = null;
  private sawRoot = false;
  private versionAt: Position = { line: 1, column: 0 };

  constructor(
    private readonly onItem: (item: WxrItem) => void,
    private readonly metaKeys: ReadonlySet<string> = new Set(),
  ) {
    const p = this.parser;
    p.on('error', (e) => {
      const reason = e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
      if (!this.sawRoot) throw wxrError('wxr_not_wxr', `The file is not an XML document (${reason})`, this.position());
      throw wxrError('wxr_malformed', `Not well-formed XML: ${reason}`, this.position());
    });
    p.on('doctype', () => {
      throw wxrError('wxr_not_wxr', 'A DOCTYPE declaration is not accepted: WordPress exports have none, and its entities could expand without bound', this.position());
    });
    p.on('opentag', (tag) => this.open(tag));
    p.on('closetag', () => this.closeTag());
    p.on('text', (t) => this.append(t));
    p.on('cdata', (t) => this.append(t));
  }

  private position(): Position {
    return { line: this.parser.line, column: this.parser.column };
  }

  private nameOf(tag: SaxesTagNS): string {
    if (wpNamespace.test(tag.uri)) return `wp:${tag.local}`;
    if (tag.uri === dcNamespace) return `dc:${tag.local}`;
    if (tag.uri === '') return `:${tag.local}`;
    return `?:${tag.local}`;
  }

  private open(tag: SaxesTagNS) {
    const name = this.nameOf(tag);
    const depth = this.stack.length;
    if (!this.sawRoot) {
      this.sawRoot = true;
      if (name !== ':rss') throw wxrError('wxr_not_wxr', `The root element is <${tag.name}>, not <rss>: this is not a WordPress export`, this.position());
    }
    const parent = this.stack[depth - 1];
    this.stack.push(name);
    this.field = null;
    if (depth === 2 && parent === ':channel') {
      if (name === ':item') {
        this.item = { postId: '', postType: '', title: '', guid: '', creator: '', postDate: '', postDateGmt: '', attachmentUrl: '', meta: new Map() };
      } else if (name === 'wp:author') {
        this.author = { login: '', id: '' };
      } else if (name === 'wp:wxr_version') {
        this.versionAt = this.position();
        this.capture(name);
      } else if (name === 'wp:base_site_url' || name === 'wp:base_blog_url') {
        this.capture(name);
      }
    } else if (depth === 3 && this.item) {
      if (itemFields[name]) this.capture(name);
      else if (name === 'wp:postmeta') {
        this.metaKey = '';
        this.metaValue = '';
      }
    } else if (depth === 4 && this.item && parent === 'wp:postmeta' && (name === 'wp:meta_key' || name === 'wp:meta_value')) {
      this.capture(name);
    } else if (depth === 3 && this.author && (name === 'wp:author_login' || name === 'wp:author_id')) {
      this.capture(name);
    }
  }

  private capture(name: string) {
    this.field = name;
    this.buffer = '';
  }

  private append(text: string) {
    if (this.field && this.buffer.length < maxFieldChars) this.buffer += text.slice(0, maxFieldChars - this.buffer.length);
  }

  private closeTag() {
    const name = this.stack.pop()!;
    const depth = this.stack.length;
    const value = this.field === name ? this.buffer : null;
    this.field = null;
    if (depth === 2) {
      if (name === ':item' && this.item) {
        const item = this.item;
        this.item = null;
        this.itemCount++;
        this.onItem(item);
      } else if (name === 'wp:author' && this.author) {
        if (this.author.login && this.author.id) this.channel.authors.set(this.author.login, this.author.id);
        this.author = null;
      } else if (name === 'wp:wxr_version') {
        this.channel.version = (value ?? '').trim();
        if (!supportedWxrVersions.includes(this.channel.version)) {
          throw wxrError('wxr_unsupported_version', `WXR version "${this.channel.version.slice(0, 20)}" is not supported (supported: ${supportedWxrVersions.join(', ')})`, this.versionAt);
        }
      } else if (name === 'wp:base_site_url') this.channel.baseSiteUrl = (value ?? '').trim() || null;
      else if (name === 'wp:base_blog_url') this.channel.baseBlogUrl = (value ?? '').trim() || null;
    } else if (depth === 3 && this.item && value !== null) {
      const key = itemFields[name];
      if (key && key !== 'meta') (this.item as Record<string, unknown>)[key] = value.trim();
    } else if (depth === 3 && this.item && name === 'wp:postmeta') {
      const key = this.metaKey.trim();
      if (this.metaKeys.has(key)) this.item.meta.set(key, this.metaValue);
    } else if (depth === 4 && this.item && value !== null) {
      if (name === 'wp:meta_key') this.metaKey = value;
      else if (name === 'wp:meta_value') this.metaValue = value;
    } else if (depth === 3 && this.author && value !== null) {
      if (name === 'wp:author_login') this.author.login = value.trim();
      else if (name === 'wp:author_id') this.author.id = value.trim();
    }
  }

  write(text: string) {
    this.parser.write(text);
  }

  /** Ends the document; throws when it was not a complete WordPress export. */
  close() {
    this.parser.close();
    if (!this.sawRoot) throw wxrError('wxr_not_wxr', 'The file has no XML root element', this.position());
    if (this.channel.version === null) {
      throw wxrError('wxr_not_wxr', 'No <wp:wxr_version> element: this RSS feed is not a WordPress export', this.position());
    }
  }
}
