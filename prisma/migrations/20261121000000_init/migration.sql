-- CreateTable
CREATE TABLE "questionnaire" (
    "id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "draft" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "questionnaire_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "answers_version" (
    "id" TEXT NOT NULL,
    "questionnaire_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "answers_hash" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "profile_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "answers_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "share_link" (
    "token" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "share_link_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE UNIQUE INDEX "answers_version_questionnaire_id_number_key" ON "answers_version"("questionnaire_id", "number");

-- CreateIndex
CREATE INDEX "share_link_version_id_idx" ON "share_link"("version_id");

-- AddForeignKey
ALTER TABLE "answers_version" ADD CONSTRAINT "answers_version_questionnaire_id_fkey" FOREIGN KEY ("questionnaire_id") REFERENCES "questionnaire"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "share_link" ADD CONSTRAINT "share_link_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "answers_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;
