-- object: trigger audit_interfaces_endpoint_update
-- drop: DROP TRIGGER IF EXISTS audit_interfaces_endpoint_update;
CREATE TRIGGER audit_interfaces_endpoint_update AFTER UPDATE ON interfaces_endpoint
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'interfaces_endpoint', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'kind' AS k, 0 AS m, OLD."kind" AS o, NEW."kind" AS n UNION ALL SELECT 'address' AS k, 0 AS m, OLD."address" AS o, NEW."address" AS n UNION ALL SELECT 'secret' AS k, 1 AS m, OLD."secret" AS o, NEW."secret" AS n UNION ALL SELECT 'receiving_application' AS k, 0 AS m, OLD."receiving_application" AS o, NEW."receiving_application" AS n UNION ALL SELECT 'receiving_facility' AS k, 0 AS m, OLD."receiving_facility" AS o, NEW."receiving_facility" AS n UNION ALL SELECT 'active' AS k, 0 AS m, OLD."active" AS o, NEW."active" AS n) WHERE o IS NOT n));
END;
