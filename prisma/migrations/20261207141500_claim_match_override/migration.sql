-- Whether a match was confirmed by the user's override (its site not named by the claim's URLs), so
-- a confirmation made before the URLs were known can be re-checked when they change, and the pack
-- and assessment can say which assets were confirmed by override.
-- AlterTable
ALTER TABLE "claim_matches" ADD COLUMN     "confirmed_by_override" BOOLEAN NOT NULL DEFAULT false;
