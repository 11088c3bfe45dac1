-- The claimed use is a period ("used from … to …"): the day it began keeps its values under its new name.
ALTER TABLE "claims" RENAME COLUMN "claimed_use_on" TO "claimed_use_from";

-- AlterTable
ALTER TABLE "claims" ADD COLUMN     "claimed_use_to" DATE;
