-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('SAFE', 'SUSPICIOUS', 'DANGEROUS');

-- CreateEnum
CREATE TYPE "FraudCategory" AS ENUM ('WANGIRI', 'IMPERSONATION', 'LOTTERY', 'KYC_PHISHING', 'SIM_BOX', 'OTHER');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('ACTIVE', 'CONTAINED', 'CLOSED');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('NUMBER_DANGEROUS', 'BURST', 'NEW_CAMPAIGN', 'REPORTED_NUMBER');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ANALYST', 'OPERATOR', 'ADMIN');

-- CreateTable
CREATE TABLE "PhoneNumber" (
    "number" TEXT NOT NULL,
    "carrier" TEXT,
    "region" TEXT,
    "lineType" TEXT,
    "firstSeen" TIMESTAMP(3),
    "lastSeen" TIMESTAMP(3),
    "callCount" INTEGER NOT NULL DEFAULT 0,
    "riskScore" DOUBLE PRECISION,
    "verdict" "Verdict",
    "category" "FraudCategory",
    "features" JSONB,
    "reasons" JSONB,
    "modelVersion" TEXT,
    "scoredAt" TIMESTAMP(3),

    CONSTRAINT "PhoneNumber_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "CallRecord" (
    "callId" TEXT NOT NULL,
    "caller" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationSec" DOUBLE PRECISION NOT NULL,
    "originRegion" TEXT,
    "targetRegion" TEXT,
    "riskScore" DOUBLE PRECISION,
    "verdict" "Verdict",
    "category" "FraudCategory",
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "modelVersion" TEXT,
    "ingestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallRecord_pkey" PRIMARY KEY ("callId")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "FraudCategory" NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'ACTIVE',
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "affectedUsers" INTEGER NOT NULL DEFAULT 0,
    "regions" TEXT[],
    "nodeCount" INTEGER NOT NULL DEFAULT 0,
    "density" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "velocity" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "totalCalls" INTEGER NOT NULL DEFAULT 0,
    "riskScore" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignMember" (
    "campaignId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignMember_pkey" PRIMARY KEY ("campaignId","number")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "category" "FraudCategory" NOT NULL,
    "description" TEXT,
    "reporter" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "number" TEXT,
    "campaignId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "version" TEXT NOT NULL,
    "trainedAt" TIMESTAMP(3) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "params" JSONB NOT NULL,
    "metrics" JSONB,
    "featureImportances" JSONB NOT NULL,
    "trainingRows" INTEGER NOT NULL,
    "artifact" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatSecond" (
    "at" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "dangerous" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StatSecond_pkey" PRIMARY KEY ("at")
);

-- CreateTable
CREATE TABLE "StatMinute" (
    "at" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "dangerous" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StatMinute_pkey" PRIMARY KEY ("at")
);

-- CreateIndex
CREATE INDEX "PhoneNumber_verdict_riskScore_idx" ON "PhoneNumber"("verdict", "riskScore");

-- CreateIndex
CREATE INDEX "PhoneNumber_lastSeen_idx" ON "PhoneNumber"("lastSeen");

-- CreateIndex
CREATE INDEX "CallRecord_startedAt_idx" ON "CallRecord"("startedAt");

-- CreateIndex
CREATE INDEX "CallRecord_caller_startedAt_idx" ON "CallRecord"("caller", "startedAt");

-- CreateIndex
CREATE INDEX "CallRecord_ingestedAt_idx" ON "CallRecord"("ingestedAt");

-- CreateIndex
CREATE INDEX "Campaign_status_lastSeen_idx" ON "Campaign"("status", "lastSeen");

-- CreateIndex
CREATE INDEX "CampaignMember_number_idx" ON "CampaignMember"("number");

-- CreateIndex
CREATE INDEX "Report_number_idx" ON "Report"("number");

-- CreateIndex
CREATE INDEX "Report_createdAt_idx" ON "Report"("createdAt");

-- CreateIndex
CREATE INDEX "Alert_status_severity_createdAt_idx" ON "Alert"("status", "severity", "createdAt");

-- CreateIndex
CREATE INDEX "Alert_dedupeKey_createdAt_idx" ON "Alert"("dedupeKey", "createdAt");

-- CreateIndex
CREATE INDEX "ModelVersion_active_idx" ON "ModelVersion"("active");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- AddForeignKey
ALTER TABLE "CampaignMember" ADD CONSTRAINT "CampaignMember_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignMember" ADD CONSTRAINT "CampaignMember_number_fkey" FOREIGN KEY ("number") REFERENCES "PhoneNumber"("number") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_number_fkey" FOREIGN KEY ("number") REFERENCES "PhoneNumber"("number") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;
