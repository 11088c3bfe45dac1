-- CreateEnum
CREATE TYPE "import_kind" AS ENUM ('wxr', 'wordpress_rest');

-- CreateEnum
CREATE TYPE "import_status" AS ENUM ('queued', 'running', 'paused', 'completed', 'failed');

-- AlterTable
ALTER TABLE "assets" ADD COLUMN     "cms_credit" JSONB;

-- AlterTable
ALTER TABLE "claims" ADD COLUMN     "claimed_use_on" DATE;

-- CreateTable
CREATE TABLE "import_jobs" (
    "id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "kind" "import_kind" NOT NULL,
    "status" "import_status" NOT NULL DEFAULT 'queued',
    "source" TEXT,
    "cursor" JSONB,
    "total" INTEGER,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "item_errors" JSONB,
    "created_by" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coverage_snapshots" (
    "day" DATE NOT NULL,
    "site_id" TEXT NOT NULL,
    "status" "coverage_status" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "coverage_snapshots_pkey" PRIMARY KEY ("day","site_id","status")
);

-- CreateIndex
CREATE INDEX "import_jobs_site_id_created_at_idx" ON "import_jobs"("site_id", "created_at");

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coverage_snapshots" ADD CONSTRAINT "coverage_snapshots_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;
