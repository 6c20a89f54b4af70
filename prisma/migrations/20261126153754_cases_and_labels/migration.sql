-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'INVESTIGATING', 'ESCALATED', 'CLOSED');

-- CreateEnum
CREATE TYPE "CasePriority" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "CaseDisposition" AS ENUM ('FRAUD_CONFIRMED', 'FALSE_POSITIVE', 'INCONCLUSIVE');

-- CreateEnum
CREATE TYPE "CaseEventKind" AS ENUM ('NOTE', 'STATUS', 'ASSIGNED', 'ALERT_ADDED', 'NUMBER_ADDED', 'MERGED', 'SPLIT', 'EVIDENCE', 'CLOSED', 'REOPENED');

-- CreateEnum
CREATE TYPE "LabelValue" AS ENUM ('FRAUD', 'NOT_FRAUD', 'UNSURE');

-- CreateEnum
CREATE TYPE "LabelSource" AS ENUM ('CASE', 'REPORT', 'LIST');

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'OPEN',
    "priority" "CasePriority" NOT NULL,
    "assigneeId" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "disposition" "CaseDisposition",
    "dispositionReason" TEXT,
    "campaignId" TEXT,
    "groupKey" TEXT,
    "mergedIntoId" TEXT,
    "openedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseAlert" (
    "alertId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseAlert_pkey" PRIMARY KEY ("alertId")
);

-- CreateTable
CREATE TABLE "CaseNumber" (
    "caseId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "riskScore" DOUBLE PRECISION,
    "verdict" "Verdict",
    "features" JSONB,
    "reasons" JSONB,
    "modelVersion" TEXT,

    CONSTRAINT "CaseNumber_pkey" PRIMARY KEY ("caseId","number")
);

-- CreateTable
CREATE TABLE "CaseEvidence" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" "CaseEventKind" NOT NULL,
    "actor" TEXT NOT NULL,
    "text" TEXT,
    "data" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Label" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "label" "LabelValue" NOT NULL,
    "source" "LabelSource" NOT NULL,
    "sourceId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "features" JSONB,

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Case_seq_key" ON "Case"("seq");

-- CreateIndex
CREATE INDEX "Case_status_priority_dueAt_idx" ON "Case"("status", "priority", "dueAt");

-- CreateIndex
CREATE INDEX "Case_groupKey_status_idx" ON "Case"("groupKey", "status");

-- CreateIndex
CREATE INDEX "Case_campaignId_status_idx" ON "Case"("campaignId", "status");

-- CreateIndex
CREATE INDEX "Case_assigneeId_status_idx" ON "Case"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "CaseAlert_caseId_idx" ON "CaseAlert"("caseId");

-- CreateIndex
CREATE INDEX "CaseNumber_number_idx" ON "CaseNumber"("number");

-- CreateIndex
CREATE INDEX "CaseEvidence_caseId_addedAt_idx" ON "CaseEvidence"("caseId", "addedAt");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_at_idx" ON "CaseEvent"("caseId", "at");

-- CreateIndex
CREATE INDEX "Label_number_at_idx" ON "Label"("number", "at");

-- CreateIndex
CREATE INDEX "Label_at_idx" ON "Label"("at");

-- CreateIndex
CREATE INDEX "Label_source_sourceId_idx" ON "Label"("source", "sourceId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAlert" ADD CONSTRAINT "CaseAlert_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAlert" ADD CONSTRAINT "CaseAlert_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseNumber" ADD CONSTRAINT "CaseNumber_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvidence" ADD CONSTRAINT "CaseEvidence_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
