import type { Asset } from '@clearance/contracts';

/** Response shapes the contracts package describes as schemas only. */
export type AssetList = { items: Asset[]; nextCursor: string | null };
export type Site = import('@clearance/contracts').Site;
