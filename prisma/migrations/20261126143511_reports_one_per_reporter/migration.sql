-- One report per (number, reporter), stored with who reported it. Existing rows are kept:
-- reports without a reporter get one of their own, duplicates of one reporter keep only the
-- latest (they had been counted several times), and key reports learn their key's kind.

-- CreateEnum
CREATE TYPE "ReporterKind" AS ENUM ('ANONYMOUS', 'KEY');

-- DropIndex
DROP INDEX "Report_number_idx";

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "reporterKind" "ReporterKind" NOT NULL DEFAULT 'ANONYMOUS',
ADD COLUMN     "trustedReporter" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "verifiedAt" TIMESTAMP(3),
ADD COLUMN     "verifiedBy" TEXT;

-- Backfill
UPDATE "Report" SET "reporter" = 'unknown:' || "id" WHERE "reporter" IS NULL;
UPDATE "Report" SET "updatedAt" = "createdAt";
DELETE FROM "Report" r USING "Report" newer
WHERE newer."number" = r."number" AND newer."reporter" = r."reporter"
  AND (newer."createdAt" > r."createdAt" OR (newer."createdAt" = r."createdAt" AND newer."id" > r."id"));
UPDATE "Report" r SET "reporterKind" = 'KEY', "trustedReporter" = (k."role" IN ('OPERATOR', 'ADMIN'))
FROM "ApiKey" k WHERE k."id" = r."reporter";

ALTER TABLE "Report" ALTER COLUMN "reporter" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Report_number_reporter_key" ON "Report"("number", "reporter");
