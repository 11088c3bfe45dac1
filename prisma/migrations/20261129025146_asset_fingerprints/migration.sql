-- AlterTable
ALTER TABLE "assets" ADD COLUMN     "ai_generated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "phash_variants" TEXT[];
