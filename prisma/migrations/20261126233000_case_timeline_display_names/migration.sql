-- Case timelines are read by every analyst, and show people by display name (docs/SECURITY.md).
-- Versions before the display-name change wrote "Assigned to <email>": those entries now name the
-- account's display name too, found by the email, or by the assignee id the entry's data keeps
-- when the email has changed since. Only the text changes, who did it and when stay.
UPDATE "CaseEvent" e
SET "text" = 'Assigned to ' || a."displayName"
FROM "Account" a
WHERE e."kind" = 'ASSIGNED'
  AND e."text" LIKE 'Assigned to %@%'
  AND (e."text" = 'Assigned to ' || a."email" OR e."data" ->> 'to' = a."id");
