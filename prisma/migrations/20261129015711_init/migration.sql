-- CreateEnum
CREATE TYPE "coverage_status" AS ENUM ('uncovered', 'unproven', 'expired', 'expiring', 'covered', 'removed');

-- CreateEnum
CREATE TYPE "risk_level" AS ENUM ('high', 'medium', 'low');

-- CreateEnum
CREATE TYPE "asset_url_kind" AS ENUM ('original', 'scaled', 'original_image', 'size', 'sibling');

-- CreateEnum
CREATE TYPE "license_kind" AS ENUM ('own_work', 'stock_royalty_free', 'rights_managed', 'creative_commons', 'public_domain', 'free_license_site', 'press_kit', 'written_permission', 'settlement', 'embed_only', 'other');

-- CreateEnum
CREATE TYPE "proof_kind" AS ENUM ('receipt', 'invoice', 'license_certificate', 'permission_email', 'license_page_snapshot', 'screenshot', 'claim_letter', 'correspondence', 'removal_certificate', 'other');

-- CreateEnum
CREATE TYPE "claim_agency" AS ENUM ('copytrack', 'pixsy', 'picrights', 'higbee', 'rights_holder', 'other');

-- CreateEnum
CREATE TYPE "claim_status" AS ENUM ('new', 'matched', 'responded', 'negotiating', 'settled', 'rejected', 'withdrawn', 'litigation');

-- CreateEnum
CREATE TYPE "settlement_outcome" AS ENUM ('license_purchased', 'no_future_use');

-- CreateEnum
CREATE TYPE "match_method" AS ENUM ('url', 'filename', 'sha256', 'phash');

-- CreateEnum
CREATE TYPE "claim_event_type" AS ENUM ('letter_received', 'reply_sent', 'reminder', 'payment', 'note', 'status_change', 'settlement');

-- CreateEnum
CREATE TYPE "takedown_status" AS ENUM ('pending', 'live', 'verified');

-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('admin', 'editor', 'viewer');

-- CreateTable
CREATE TABLE "sites" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_secrets" (
    "id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "response_status" INTEGER,
    "response_body" JSONB,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assets" (
    "id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "cms_id" TEXT,
    "filename" TEXT NOT NULL,
    "title" TEXT,
    "mime_type" TEXT NOT NULL,
    "bytes" INTEGER,
    "width" INTEGER,
    "height" INTEGER,
    "sha256" CHAR(64),
    "phash" CHAR(16),
    "thumbnail_sha256" CHAR(64),
    "uploaded_at" TIMESTAMPTZ(3),
    "uploaded_by" TEXT,
    "removed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "creator" TEXT,
    "credit" TEXT,
    "copyright_notice" TEXT,
    "source" TEXT,
    "web_statement" TEXT,
    "usage_terms" TEXT,
    "licensor_name" TEXT,
    "licensor_url" TEXT,
    "licensor_email" TEXT,
    "copyright_owner" TEXT,
    "image_supplier" TEXT,
    "image_supplier_image_id" TEXT,
    "plus_license_id" TEXT,
    "plus_license_start" TEXT,
    "plus_license_end" TEXT,
    "digital_source_type" TEXT,
    "capture_date" TEXT,
    "camera_make" TEXT,
    "camera_model" TEXT,
    "raw_metadata" JSONB,
    "metadata_error" TEXT,
    "source_provider" TEXT,
    "source_asset_id" TEXT,
    "source_suggested_kind" TEXT,
    "source_confidence" DOUBLE PRECISION,
    "source_evidence" JSONB,
    "risk" "risk_level" NOT NULL DEFAULT 'low',
    "coverage_status" "coverage_status" NOT NULL DEFAULT 'uncovered',
    "coverage_recheck_on" DATE,

    CONSTRAINT "assets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_urls" (
    "id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "kind" "asset_url_kind" NOT NULL,
    "size_name" TEXT,
    "width" INTEGER,
    "height" INTEGER,

    CONSTRAINT "asset_urls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usages" (
    "id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "page_url" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licenses" (
    "id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "kind" "license_kind" NOT NULL,
    "cc_variant" TEXT,
    "licensor" TEXT,
    "source_url" TEXT,
    "order_ref" TEXT,
    "obtained_on" DATE,
    "valid_from" DATE,
    "expires_on" DATE,
    "territory" TEXT,
    "media_scope" TEXT,
    "usage_terms" TEXT,
    "attribution_required" BOOLEAN NOT NULL DEFAULT false,
    "attribution_text" TEXT,
    "cost" DECIMAL(14,2),
    "currency" CHAR(3),
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licenses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_assets" (
    "license_id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "attached_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "license_assets_pkey" PRIMARY KEY ("license_id","asset_id")
);

-- CreateTable
CREATE TABLE "blobs" (
    "sha256" CHAR(64) NOT NULL,
    "bytes" BIGINT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blobs_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "proofs" (
    "id" TEXT NOT NULL,
    "site_id" TEXT,
    "license_id" TEXT,
    "claim_id" TEXT,
    "parent_proof_id" TEXT,
    "kind" "proof_kind" NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "filename" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "note" TEXT,
    "details" JSONB,
    "uploaded_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "proofs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claims" (
    "id" TEXT NOT NULL,
    "site_id" TEXT,
    "agency" "claim_agency" NOT NULL,
    "case_ref" TEXT,
    "rights_holder" TEXT,
    "received_on" DATE,
    "deadline_on" DATE,
    "amount" DECIMAL(14,2),
    "currency" CHAR(3),
    "infringing_urls" TEXT[],
    "status" "claim_status" NOT NULL DEFAULT 'new',
    "notes" TEXT,
    "settlement_outcome" "settlement_outcome",
    "settlement_amount" DECIMAL(14,2),
    "settled_on" DATE,
    "settlement_license_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim_matches" (
    "claim_id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "method" "match_method" NOT NULL,
    "distance" INTEGER,
    "score" DOUBLE PRECISION NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "claim_matches_pkey" PRIMARY KEY ("claim_id","asset_id")
);

-- CreateTable
CREATE TABLE "claim_events" (
    "id" TEXT NOT NULL,
    "claim_id" TEXT NOT NULL,
    "type" "claim_event_type" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,
    "amount" DECIMAL(14,2),
    "currency" CHAR(3),
    "from_status" "claim_status",
    "to_status" "claim_status",
    "created_by" TEXT,

    CONSTRAINT "claim_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "takedowns" (
    "id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "claim_id" TEXT,
    "status" "takedown_status" NOT NULL DEFAULT 'pending',
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verified_at" TIMESTAMPTZ(3),

    CONSTRAINT "takedowns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "takedown_checks" (
    "id" TEXT NOT NULL,
    "takedown_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "takedown_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "site_id" TEXT,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "prefix" TEXT NOT NULL,
    "site_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "user_role" NOT NULL DEFAULT 'viewer',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "user_id" TEXT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_secrets_site_id_idx" ON "webhook_secrets"("site_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_site_id_webhook_id_key" ON "webhook_deliveries"("site_id", "webhook_id");

-- CreateIndex
CREATE INDEX "assets_site_id_coverage_status_id_idx" ON "assets"("site_id", "coverage_status", "id");

-- CreateIndex
CREATE INDEX "assets_coverage_status_id_idx" ON "assets"("coverage_status", "id");

-- CreateIndex
CREATE INDEX "assets_coverage_status_risk_id_idx" ON "assets"("coverage_status", "risk", "id");

-- CreateIndex
CREATE INDEX "assets_coverage_recheck_on_idx" ON "assets"("coverage_recheck_on");

-- CreateIndex
CREATE INDEX "assets_sha256_idx" ON "assets"("sha256");

-- CreateIndex
CREATE INDEX "assets_phash_idx" ON "assets"("phash");

-- CreateIndex
CREATE INDEX "assets_filename_idx" ON "assets"("filename");

-- CreateIndex
CREATE UNIQUE INDEX "assets_site_id_cms_id_key" ON "assets"("site_id", "cms_id");

-- CreateIndex
CREATE INDEX "asset_urls_url_idx" ON "asset_urls"("url");

-- CreateIndex
CREATE UNIQUE INDEX "asset_urls_asset_id_url_key" ON "asset_urls"("asset_id", "url");

-- CreateIndex
CREATE UNIQUE INDEX "usages_asset_id_page_url_key" ON "usages"("asset_id", "page_url");

-- CreateIndex
CREATE INDEX "licenses_site_id_kind_idx" ON "licenses"("site_id", "kind");

-- CreateIndex
CREATE INDEX "licenses_expires_on_idx" ON "licenses"("expires_on");

-- CreateIndex
CREATE INDEX "license_assets_asset_id_idx" ON "license_assets"("asset_id");

-- CreateIndex
CREATE INDEX "proofs_license_id_idx" ON "proofs"("license_id");

-- CreateIndex
CREATE INDEX "proofs_claim_id_idx" ON "proofs"("claim_id");

-- CreateIndex
CREATE INDEX "proofs_sha256_idx" ON "proofs"("sha256");

-- CreateIndex
CREATE INDEX "claims_status_deadline_on_idx" ON "claims"("status", "deadline_on");

-- CreateIndex
CREATE INDEX "claims_site_id_idx" ON "claims"("site_id");

-- CreateIndex
CREATE INDEX "claim_matches_asset_id_idx" ON "claim_matches"("asset_id");

-- CreateIndex
CREATE INDEX "claim_events_claim_id_at_idx" ON "claim_events"("claim_id", "at");

-- CreateIndex
CREATE INDEX "takedowns_asset_id_idx" ON "takedowns"("asset_id");

-- CreateIndex
CREATE INDEX "takedown_checks_takedown_id_checked_at_idx" ON "takedown_checks"("takedown_id", "checked_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- AddForeignKey
ALTER TABLE "webhook_secrets" ADD CONSTRAINT "webhook_secrets_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "asset_urls" ADD CONSTRAINT "asset_urls_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usages" ADD CONSTRAINT "usages_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_assets" ADD CONSTRAINT "license_assets_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "licenses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_assets" ADD CONSTRAINT "license_assets_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "licenses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_parent_proof_id_fkey" FOREIGN KEY ("parent_proof_id") REFERENCES "proofs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "blobs"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_settlement_license_id_fkey" FOREIGN KEY ("settlement_license_id") REFERENCES "licenses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim_matches" ADD CONSTRAINT "claim_matches_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim_matches" ADD CONSTRAINT "claim_matches_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim_events" ADD CONSTRAINT "claim_events_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "takedowns" ADD CONSTRAINT "takedowns_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "takedowns" ADD CONSTRAINT "takedowns_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "takedown_checks" ADD CONSTRAINT "takedown_checks_takedown_id_fkey" FOREIGN KEY ("takedown_id") REFERENCES "takedowns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
