-- AlterTable
ALTER TABLE "assets" ADD COLUMN "text_truncations" JSONB;
