-- object: trigger audit_scheduling_partneroptin_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_partneroptin_update;
CREATE TRIGGER audit_scheduling_partneroptin_update AFTER UPDATE ON scheduling_partneroptin
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_partneroptin', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'client_id' AS k, 0 AS m, OLD."client_id" AS o, NEW."client_id" AS n UNION ALL SELECT 'created_at' AS k, 0 AS m, OLD."created_at" AS o, NEW."created_at" AS n UNION ALL SELECT 'created_by_id' AS k, 0 AS m, OLD."created_by_id" AS o, NEW."created_by_id" AS n) WHERE o IS NOT n));
END;
