-- DropIndex
DROP INDEX "PhoneNumber_lastSeen_idx";

-- DropIndex
DROP INDEX "PhoneNumber_verdict_riskScore_idx";

-- CreateIndex
CREATE INDEX "PhoneNumber_verdict_idx" ON "PhoneNumber"("verdict");

-- Room on each page for the next version of a row: the pipeline rewrites every touched caller's
-- row each batch, and with no indexed column changed PostgreSQL keeps the new version on the same
-- page (a HOT update, no index entry). docs/decisions/025-pipeline-throughput.md
ALTER TABLE "PhoneNumber" SET (fillfactor = 70);
