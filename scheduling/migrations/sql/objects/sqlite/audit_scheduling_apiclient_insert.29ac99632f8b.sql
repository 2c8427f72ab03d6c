-- object: trigger audit_scheduling_apiclient_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_insert;
CREATE TRIGGER audit_scheduling_apiclient_insert AFTER INSERT ON scheduling_apiclient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_apiclient', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'name', NEW."name", 'user_id', NEW."user_id", 'token_digest', CASE WHEN NEW."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."token_digest" AS TEXT)) END, 'token_prefix', NEW."token_prefix", 'is_active', NEW."is_active", 'kind', NEW."kind", 'can_read', NEW."can_read", 'can_book', NEW."can_book", 'created_at', NEW."created_at"));
END;
