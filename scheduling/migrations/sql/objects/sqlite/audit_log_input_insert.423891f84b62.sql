-- object: trigger audit_log_input_insert
-- drop: DROP TRIGGER IF EXISTS audit_log_input_insert;
CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON audit_log_input
WHEN NEW.action IN ('read', 'permission', 'override', 'decision')
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES (NEW.action, NEW.object_type, NEW.object_id,
            CASE WHEN json_type(NEW.changes, '$.masked') = 'object'
                 THEN json_set(NEW.changes, '$.masked', json((
                     SELECT json_group_object(key, CASE WHEN value IS NULL THEN NULL
                                                   ELSE audit_mask(CAST(value AS TEXT)) END)
                       FROM json_each(NEW.changes, '$.masked'))))
                 ELSE NEW.changes END);
END;
