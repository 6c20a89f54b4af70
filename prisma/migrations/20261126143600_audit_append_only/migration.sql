-- The audit log is append-only: UPDATE, DELETE and TRUNCATE are refused for everyone,
-- the application included. A superuser can still disable the trigger, and the hash chain
-- is what makes such tampering visible (npm run audit -- verify).
-- The driver adapter splits scripts at every semicolon, so the function body spells its
-- semicolons as \x3B in an escaped string.
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''AuditEntry is append-only: % refused'', TG_OP USING ERRCODE = ''insufficient_privilege''\x3B END\x3B';

CREATE TRIGGER "AuditEntry_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "AuditEntry_no_truncate"
  BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"();
