-- CreateTable
CREATE TABLE "test_results" (
    "id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "laboratory" JSONB NOT NULL,
    "results" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "test_results_version_id_idx" ON "test_results"("version_id");

-- AddForeignKey
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "answers_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;
