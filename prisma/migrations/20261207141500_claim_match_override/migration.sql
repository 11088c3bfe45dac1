-- Whether a match was confirmed by the user's override (its site not named by the claim's URLs), so
-- a confirmation made before the URLs were known can be re-checked when they change, and the pack
-- and assessment can say which assets were confirmed by override.
-- AlterTable
ALTER TABLE "claim_matches" ADD COLUMN     "confirmed_by_override" BOOLEAN NOT NULL DEFAULT false;

-- Backfill: before this column, an override was recorded only as a timeline note, "Match confirmed by
-- override: <file> (asset <id>) on <site>, …". A match still confirmed whose claim has such a note
-- naming its asset was confirmed by override. Without this it would be re-checked, and dropped, as
-- if the letter had borne it out.
UPDATE "claim_matches" AS m
SET "confirmed_by_override" = true
WHERE m."confirmed_at" IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM "claim_events" AS e
    WHERE e."claim_id" = m."claim_id"
      AND e."type" = 'note'
      AND e."note" LIKE 'Match confirmed by override:%'
      AND strpos(e."note", '(asset ' || m."asset_id" || ')') > 0
  );
