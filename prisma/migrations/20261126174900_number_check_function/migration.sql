-- What checkNumber reads, in one call (docs/decisions/026-number-lookup-cost.md): the number,
-- one pass over its reports (trust judged now: a revoked key no longer counts), its reporters by
-- category, and the latest campaign it belongs to. A PL/pgSQL function so that PostgreSQL keeps
-- the plan: planning the statement took 4x as long as running it, on every lookup. The body is
-- an escaped string with no literal semicolon (\073): the migration runner (@prisma/adapter-pg's
-- executeScript) cuts a script at every semicolon, dollar quotes included.
CREATE FUNCTION number_check(p_number TEXT, p_day TIMESTAMP(3), p_week TIMESTAMP(3), p_month TIMESTAMP(3))
RETURNS TABLE (
    "known" TEXT,
    "riskScore" DOUBLE PRECISION,
    "category" "FraudCategory",
    "carrier" TEXT,
    "region" TEXT,
    "lineType" TEXT,
    "firstSeen" TIMESTAMP(3),
    "lastSeen" TIMESTAMP(3),
    "callCount" INTEGER,
    "features" JSONB,
    "reasons" JSONB,
    "modelVersion" TEXT,
    "reporters" INTEGER,
    "last24" INTEGER,
    "last7" INTEGER,
    "last30" INTEGER,
    "anonymous" INTEGER,
    "untrusted_keys" INTEGER,
    "trusted_keys" INTEGER,
    "verified" INTEGER,
    "trusted" INTEGER,
    "by_category" JSON,
    "campaign_id" TEXT
)
LANGUAGE plpgsql STABLE AS E'#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT p."number", p."riskScore", p."category", p."carrier", p."region", p."lineType",
    p."firstSeen", p."lastSeen", p."callCount", p."features", p."reasons", p."modelVersion",
    t.reporters, t.last24, t.last7, t.last30, t.anonymous, t.untrusted_keys, t.trusted_keys,
    t.verified, t.trusted, cats.by_category, membership.campaign_id
  FROM (SELECT p_number AS n) q
  LEFT JOIN "PhoneNumber" p ON p."number" = q.n
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS reporters,
      count(*) FILTER (WHERE r."updatedAt" >= p_day)::int AS last24,
      count(*) FILTER (WHERE r."updatedAt" >= p_week)::int AS last7,
      count(*) FILTER (WHERE r."updatedAt" >= p_month)::int AS last30,
      count(*) FILTER (WHERE r."reporterKind" = ''ANONYMOUS'')::int AS anonymous,
      count(*) FILTER (WHERE r."reporterKind" <> ''ANONYMOUS'' AND k."id" IS NULL)::int AS untrusted_keys,
      count(*) FILTER (WHERE k."id" IS NOT NULL)::int AS trusted_keys,
      count(*) FILTER (WHERE r."verifiedAt" IS NOT NULL)::int AS verified,
      count(*) FILTER (WHERE k."id" IS NOT NULL OR r."verifiedAt" IS NOT NULL)::int AS trusted
    FROM "Report" r
    LEFT JOIN "ApiKey" k ON r."reporterKind" = ''KEY'' AND k."id" = r."reporter"
      AND k."role" IN (''OPERATOR'', ''ADMIN'') AND k."revokedAt" IS NULL
    WHERE r."number" = q.n
  ) t
  CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object(''category'', g.category, ''reporters'', g.reporters)
      ORDER BY g.reporters DESC, g.category), ''[]''::json) AS by_category
    FROM (SELECT r."category" AS category, count(*)::int AS reporters FROM "Report" r
      WHERE r."number" = q.n GROUP BY r."category") g
  ) cats
  LEFT JOIN LATERAL (
    SELECT m."campaignId" AS campaign_id FROM "CampaignMember" m
    JOIN "Campaign" c ON c."id" = m."campaignId"
    WHERE m."number" = q.n ORDER BY c."lastSeen" DESC LIMIT 1
  ) membership ON true\073
END
'
