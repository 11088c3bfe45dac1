import type { Asset } from '@clearance/contracts';

/** The stored thumbnail through the /api proxy, or the file's extension when none was stored. */
export function Thumbnail({ asset, size }: { asset: Pick<Asset, 'id' | 'filename' | 'thumbnailUrl'>; size: number }) {
  if (asset.thumbnailUrl) {
    return <img src={`/api${asset.thumbnailUrl}`} alt="" width={size} height={size} loading="lazy" decoding="async" className="thumb" />;
  }
  const ext = /\.([a-z0-9]{1,5})$/i.exec(asset.filename)?.[1]?.toUpperCase() ?? 'FILE';
  return (
    <span className="thumb placeholder" style={{ width: size, height: size }} aria-hidden="true">
      {ext}
    </span>
  );
}
