-- object: trigger audit_interfaces_endpoint_delete
-- drop: DROP TRIGGER IF EXISTS audit_interfaces_endpoint_delete;
CREATE TRIGGER audit_interfaces_endpoint_delete AFTER DELETE ON interfaces_endpoint
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'interfaces_endpoint', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'kind', OLD."kind", 'address', OLD."address", 'secret', CASE WHEN OLD."secret" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."secret" AS TEXT)) END, 'receiving_application', OLD."receiving_application", 'receiving_facility', OLD."receiving_facility", 'active', OLD."active"));
END;
