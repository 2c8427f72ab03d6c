-- object: trigger audit_scheduling_apiclient_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_delete;
CREATE TRIGGER audit_scheduling_apiclient_delete AFTER DELETE ON scheduling_apiclient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_apiclient', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'name', OLD."name", 'user_id', OLD."user_id", 'token_digest', CASE WHEN OLD."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."token_digest" AS TEXT)) END, 'token_prefix', OLD."token_prefix", 'is_active', OLD."is_active", 'kind', OLD."kind", 'can_read', OLD."can_read", 'can_book', OLD."can_book", 'created_at', OLD."created_at"));
END;
