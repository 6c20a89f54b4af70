-- One reporter per person: the reports a person makes with any of their keys, and from the desk,
-- count once (minting keys made one OPERATOR three trusted reporters). A key's report is trusted
-- only while the key is an OPERATOR or ADMIN key, not revoked, and its owner (if any) is enabled
-- and an OPERATOR or ADMIN now (a demoted person's keys no longer vouch). Each person is counted
-- by their strongest report: trusted key, verified, then the rest. Same columns as before.
-- The body is an escaped string with no literal semicolon (\073), as in 20261126174900.
CREATE OR REPLACE FUNCTION number_check(p_number TEXT, p_day TIMESTAMP(3), p_week TIMESTAMP(3), p_month TIMESTAMP(3))
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
  WITH reports AS (
    SELECT coalesce(''account:'' || k."ownerId", r."reporter") AS person, r."category", r."updatedAt",
      r."reporterKind", r."verifiedAt",
      (k."role" IN (''OPERATOR'', ''ADMIN'') AND k."revokedAt" IS NULL
        AND (k."ownerId" IS NULL OR (o."enabled" AND o."role" IN (''OPERATOR'', ''ADMIN'')))) IS TRUE AS trusted_key
    FROM "Report" r
    LEFT JOIN "ApiKey" k ON r."reporterKind" = ''KEY'' AND k."id" = r."reporter"
    LEFT JOIN "Account" o ON o."id" = k."ownerId"
    WHERE r."number" = p_number
  ), people AS (
    SELECT max(x."updatedAt") AS latest, bool_and(x."reporterKind" = ''ANONYMOUS'') AS anonymous,
      bool_or(x.trusted_key) AS trusted_key, bool_or(x."verifiedAt" IS NOT NULL) AS verified
    FROM reports x GROUP BY x.person
  )
  SELECT p."number", p."riskScore", p."category", p."carrier", p."region", p."lineType",
    p."firstSeen", p."lastSeen", p."callCount", p."features", p."reasons", p."modelVersion",
    t.reporters, t.last24, t.last7, t.last30, t.anonymous, t.untrusted_keys, t.trusted_keys,
    t.verified, t.trusted, cats.by_category, membership.campaign_id
  FROM (SELECT p_number AS n) q
  LEFT JOIN "PhoneNumber" p ON p."number" = q.n
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS reporters,
      count(*) FILTER (WHERE g.latest >= p_day)::int AS last24,
      count(*) FILTER (WHERE g.latest >= p_week)::int AS last7,
      count(*) FILTER (WHERE g.latest >= p_month)::int AS last30,
      count(*) FILTER (WHERE g.anonymous)::int AS anonymous,
      count(*) FILTER (WHERE NOT g.anonymous AND NOT g.trusted_key)::int AS untrusted_keys,
      count(*) FILTER (WHERE g.trusted_key)::int AS trusted_keys,
      count(*) FILTER (WHERE g.verified)::int AS verified,
      count(*) FILTER (WHERE g.trusted_key OR g.verified)::int AS trusted
    FROM people g
  ) t
  CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object(''category'', c.category, ''reporters'', c.reporters)
      ORDER BY c.reporters DESC, c.category), ''[]''::json) AS by_category
    FROM (SELECT x."category" AS category, count(DISTINCT x.person)::int AS reporters FROM reports x
      GROUP BY x."category") c
  ) cats
  LEFT JOIN LATERAL (
    SELECT m."campaignId" AS campaign_id FROM "CampaignMember" m
    JOIN "Campaign" c ON c."id" = m."campaignId"
    WHERE m."number" = q.n ORDER BY c."lastSeen" DESC LIMIT 1
  ) membership ON true\073
END
'
