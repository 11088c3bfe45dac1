-- CreateEnum
CREATE TYPE "job_state" AS ENUM ('queued', 'running', 'succeeded', 'dead', 'cancelled');

-- CreateTable
CREATE TABLE "jobs" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "state" "job_state" NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 5,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "claim_token" UUID,
    "idempotency_key" TEXT,
    "ref" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "progress" JSONB,
    "last_error" TEXT,
    "result" JSONB,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_runs" (
    "name" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "job_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scheduled_runs_pkey" PRIMARY KEY ("name","slot")
);

-- CreateIndex
CREATE INDEX "jobs_ready_idx" ON "jobs"("queue", "priority" DESC, "run_at", "id") WHERE (state = 'queued');

-- CreateIndex
CREATE INDEX "jobs_lease_idx" ON "jobs"("lease_expires_at") WHERE (state = 'running');

-- CreateIndex
CREATE INDEX "jobs_ref_idx" ON "jobs"("ref") WHERE (state = ANY (ARRAY['queued'::job_state, 'running'::job_state]));

-- CreateIndex
CREATE INDEX "jobs_state_finished_at_idx" ON "jobs"("state", "finished_at");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_queue_idempotency_key_key" ON "jobs"("queue", "idempotency_key") WHERE (idempotency_key IS NOT NULL);
