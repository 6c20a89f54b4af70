-- CreateTable
CREATE TABLE "CampaignFence" (
    "lease" TEXT NOT NULL,
    "token" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignFence_pkey" PRIMARY KEY ("lease")
);
