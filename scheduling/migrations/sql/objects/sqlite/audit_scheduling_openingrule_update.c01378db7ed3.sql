-- object: trigger audit_scheduling_openingrule_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_update;
CREATE TRIGGER audit_scheduling_openingrule_update AFTER UPDATE ON scheduling_openingrule
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_openingrule', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'weekday' AS k, 0 AS m, OLD."weekday" AS o, NEW."weekday" AS n UNION ALL SELECT 'start_time' AS k, 0 AS m, OLD."start_time" AS o, NEW."start_time" AS n UNION ALL SELECT 'end_time' AS k, 0 AS m, OLD."end_time" AS o, NEW."end_time" AS n UNION ALL SELECT 'valid_from' AS k, 0 AS m, OLD."valid_from" AS o, NEW."valid_from" AS n UNION ALL SELECT 'valid_until' AS k, 0 AS m, OLD."valid_until" AS o, NEW."valid_until" AS n UNION ALL SELECT 'reserved_for' AS k, 0 AS m, OLD."reserved_for" AS o, NEW."reserved_for" AS n) WHERE o IS NOT n));
END;
