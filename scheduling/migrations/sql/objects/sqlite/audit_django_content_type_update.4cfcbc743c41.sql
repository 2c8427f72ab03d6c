-- object: trigger audit_django_content_type_update
-- drop: DROP TRIGGER IF EXISTS audit_django_content_type_update;
CREATE TRIGGER audit_django_content_type_update AFTER UPDATE ON django_content_type
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'django_content_type', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'app_label' AS k, 0 AS m, OLD."app_label" AS o, NEW."app_label" AS n UNION ALL SELECT 'model' AS k, 0 AS m, OLD."model" AS o, NEW."model" AS n) WHERE o IS NOT n));
END;
