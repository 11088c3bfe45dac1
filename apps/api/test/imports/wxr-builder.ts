import { serialize } from 'php-serialize';

/**
 * Writes WordPress exports the way WordPress's export_wp() does (WXR 1.2, CDATA, postmeta with
 * PHP-serialized `_wp_attachment_metadata`), for tests and the import benchmark.
 */
export type WxrAttachmentSpec = {
  id: number;
  /** Path under the uploads folder, e.g. `2024/05/harbour.jpg`. */
  file: string;
  title?: string;
  author?: string;
  date?: string;
  dateGmt?: string;
  width?: number;
  height?: number;
  /** The `-scaled` copy WordPress makes of big images: metadata `file` points at it, `original_image` at the upload. */
  scaled?: boolean;
  sizes?: Record<string, { width: number; height: number }>;
  imageMeta?: Record<string, string | number | string[]>;
  meta?: Record<string, string>;
};

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

const sized = (file: string, w: number, h: number) => file.replace(/(\.[a-z0-9]+)$/i, `-${w}x${h}$1`);
const base = (file: string) => file.split('/').pop()!;

export function attachmentItem(siteUrl: string, a: WxrAttachmentSpec): string {
  const uploads = `${siteUrl}/wp-content/uploads/`;
  const stored = a.scaled ? a.file.replace(/(\.[a-z0-9]+)$/i, '-scaled$1') : a.file;
  const metadata: Record<string, unknown> = {
    width: a.width ?? 1200,
    height: a.height ?? 800,
    file: stored,
    filesize: 123456,
    sizes: Object.fromEntries(
      Object.entries(a.sizes ?? {}).map(([name, s]) => [name, { file: base(sized(a.file, s.width, s.height)), width: s.width, height: s.height, 'mime-type': 'image/jpeg', filesize: 2000 }]),
    ),
    image_meta: { aperture: '0', credit: '', camera: '', caption: '', created_timestamp: '0', copyright: '', focal_length: '0', iso: '0', shutter_speed: '0', title: '', orientation: '0', keywords: [], ...a.imageMeta },
    ...(a.scaled ? { original_image: base(a.file) } : {}),
  };
  const meta = { _wp_attached_file: stored, _wp_attachment_metadata: serialize(metadata), _wp_attachment_image_alt: a.title ?? '', ...a.meta };
  return `
	<item>
		<title>${cdata(a.title ?? base(a.file))}</title>
		<link>${siteUrl}/?attachment_id=${a.id}</link>
		<pubDate>Mon, 06 May 2024 10:00:00 +0000</pubDate>
		<dc:creator>${cdata(a.author ?? 'admin')}</dc:creator>
		<guid isPermaLink="false">${uploads}${stored}</guid>
		<description></description>
		<content:encoded>${cdata('')}</content:encoded>
		<excerpt:encoded>${cdata('')}</excerpt:encoded>
		<wp:post_id>${a.id}</wp:post_id>
		<wp:post_date>${cdata(a.date ?? '2024-05-06 12:00:00')}</wp:post_date>
		<wp:post_date_gmt>${cdata(a.dateGmt ?? '2024-05-06 10:00:00')}</wp:post_date_gmt>
		<wp:comment_status>${cdata('open')}</wp:comment_status>
		<wp:ping_status>${cdata('closed')}</wp:ping_status>
		<wp:post_name>${cdata(`attachment-${a.id}`)}</wp:post_name>
		<wp:status>${cdata('inherit')}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>${cdata('attachment')}</wp:post_type>
		<wp:post_password>${cdata('')}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<wp:attachment_url>${cdata(uploads + stored)}</wp:attachment_url>
${Object.entries(meta)
  .map(([k, v]) => `		<wp:postmeta>\n			<wp:meta_key>${cdata(k)}</wp:meta_key>\n			<wp:meta_value>${cdata(v)}</wp:meta_value>\n		</wp:postmeta>`)
  .join('\n')}
	</item>`;
}

export function postItem(siteUrl: string, id: number, title: string): string {
  return `
	<item>
		<title>${cdata(title)}</title>
		<link>${siteUrl}/?p=${id}</link>
		<dc:creator>${cdata('admin')}</dc:creator>
		<content:encoded>${cdata(`<p>${title}</p>`)}</content:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_type>${cdata('post')}</wp:post_type>
	</item>`;
}

export function wxrHead(siteUrl: string, authors: { id: number; login: string }[] = [{ id: 1, login: 'admin' }]): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.5" created="2024-05-06 10:00" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Test site</title>
	<link>${siteUrl}</link>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${siteUrl}</wp:base_site_url>
	<wp:base_blog_url>${siteUrl}</wp:base_blog_url>
${authors.map((a) => `	<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.login)}</wp:author_login></wp:author>`).join('\n')}
`;
}

export const wxrTail = '\n</channel>\n</rss>\n';

export function buildWxr(siteUrl: string, attachments: WxrAttachmentSpec[], posts = 0): string {
  return wxrHead(siteUrl) + Array.from({ length: posts }, (_, i) => postItem(siteUrl, 100000 + i, `Post ${i}`)).join('') + attachments.map((a) => attachmentItem(siteUrl, a)).join('') + wxrTail;
}
