-- object: trigger audit_interfaces_endpoint_insert
-- drop: DROP TRIGGER IF EXISTS audit_interfaces_endpoint_insert;
CREATE TRIGGER audit_interfaces_endpoint_insert AFTER INSERT ON interfaces_endpoint
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'interfaces_endpoint', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'kind', NEW."kind", 'address', NEW."address", 'secret', CASE WHEN NEW."secret" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."secret" AS TEXT)) END, 'receiving_application', NEW."receiving_application", 'receiving_facility', NEW."receiving_facility", 'active', NEW."active", 'client_id', NEW."client_id", 'criteria', NEW."criteria", 'payload', NEW."payload"));
END;
