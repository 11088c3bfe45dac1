-- Each match keeps what it matched (letter URL, asset URL or file, claim image, distance), so the candidate list can show it.
-- AlterTable
ALTER TABLE "claim_matches" ADD COLUMN     "evidence" JSONB NOT NULL DEFAULT '[]';
