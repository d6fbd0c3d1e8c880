-- Results become a numbered history per version, uploaded by the owner, through a laboratory's
-- results link, or stored by the conformance runner; the single results table is folded in.

-- CreateEnum
CREATE TYPE "results_source" AS ENUM ('upload', 'csv', 'runner');

-- CreateTable
CREATE TABLE "results_link" (
    "token" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "laboratory" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "results_link_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "results_set" (
    "id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "laboratory" TEXT NOT NULL,
    "source" "results_source" NOT NULL,
    "testbook_id" TEXT,
    "meter" JSONB NOT NULL,
    "results" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "link_token" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "results_set_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "results_evidence" (
    "set_id" TEXT NOT NULL,
    "zip" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "results_evidence_pkey" PRIMARY KEY ("set_id")
);

-- CreateIndex
CREATE INDEX "results_link_version_id_idx" ON "results_link"("version_id");

-- CreateIndex
CREATE INDEX "results_set_link_token_idx" ON "results_set"("link_token");

-- CreateIndex
CREATE UNIQUE INDEX "results_set_version_id_number_key" ON "results_set"("version_id", "number");

-- AddForeignKey
ALTER TABLE "results_link" ADD CONSTRAINT "results_link_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "answers_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "results_set" ADD CONSTRAINT "results_set_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "answers_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "results_set" ADD CONSTRAINT "results_set_link_token_fkey" FOREIGN KEY ("link_token") REFERENCES "results_link"("token") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "results_evidence" ADD CONSTRAINT "results_evidence_set_id_fkey" FOREIGN KEY ("set_id") REFERENCES "results_set"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keep every imported results file: each becomes an uploaded set, numbered per version in the
-- order it was imported. The testbook they answered was checked on import but not recorded.
INSERT INTO "results_set" ("id", "version_id", "number", "laboratory", "source", "testbook_id", "meter", "results", "summary", "link_token", "created_at")
SELECT
    "id",
    "version_id",
    ROW_NUMBER() OVER (PARTITION BY "version_id" ORDER BY "created_at", "id"),
    COALESCE(NULLIF(BTRIM("laboratory"->>'name'), ''), 'Laboratory not named'),
    'upload',
    NULL,
    COALESCE("laboratory"->'meter', '{"manufacturer": "", "model": "", "serialNumber": "", "firmwareVersion": ""}'::jsonb),
    "results",
    "summary",
    NULL,
    "created_at"
FROM "test_results";

-- DropForeignKey
ALTER TABLE "test_results" DROP CONSTRAINT "test_results_version_id_fkey";

-- DropTable
DROP TABLE "test_results";
