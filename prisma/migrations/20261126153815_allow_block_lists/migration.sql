-- CreateEnum
CREATE TYPE "ListKind" AS ENUM ('ALLOW', 'BLOCK');

-- CreateEnum
CREATE TYPE "ListMatch" AS ENUM ('NUMBER', 'PREFIX', 'RANGE');

-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'NUMBER_BLOCKED';

-- AlterEnum
ALTER TYPE "Verdict" ADD VALUE 'UNKNOWN';

-- AlterTable
ALTER TABLE "CallRecord" ADD COLUMN     "listId" TEXT,
ADD COLUMN     "listKind" "ListKind";

-- CreateTable
CREATE TABLE "NumberList" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ListKind" NOT NULL,
    "description" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NumberList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListEntry" (
    "id" TEXT NOT NULL,
    "listId" TEXT NOT NULL,
    "match" "ListMatch" NOT NULL,
    "value" TEXT NOT NULL,
    "rangeTo" TEXT,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "ListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NumberList_name_key" ON "NumberList"("name");

-- CreateIndex
CREATE INDEX "ListEntry_listId_value_idx" ON "ListEntry"("listId", "value");

-- CreateIndex
CREATE INDEX "ListEntry_value_idx" ON "ListEntry"("value");

-- AddForeignKey
ALTER TABLE "ListEntry" ADD CONSTRAINT "ListEntry_listId_fkey" FOREIGN KEY ("listId") REFERENCES "NumberList"("id") ON DELETE CASCADE ON UPDATE CASCADE;
