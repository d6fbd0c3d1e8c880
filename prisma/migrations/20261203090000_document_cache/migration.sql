-- CreateTable
CREATE TABLE "document_cache" (
    "key" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_cache_pkey" PRIMARY KEY ("key")
);
