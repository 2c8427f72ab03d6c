-- object: trigger audit_scheduling_agenda_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_agenda_update;
CREATE TRIGGER audit_scheduling_agenda_update AFTER UPDATE ON scheduling_agenda
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_agenda', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'practitioner_id' AS k, 0 AS m, OLD."practitioner_id" AS o, NEW."practitioner_id" AS n UNION ALL SELECT 'department_id' AS k, 0 AS m, OLD."department_id" AS o, NEW."department_id" AS n UNION ALL SELECT 'is_active' AS k, 0 AS m, OLD."is_active" AS o, NEW."is_active" AS n UNION ALL SELECT 'reserved_share' AS k, 0 AS m, OLD."reserved_share" AS o, NEW."reserved_share" AS n UNION ALL SELECT 'reserved_for' AS k, 0 AS m, OLD."reserved_for" AS o, NEW."reserved_for" AS n UNION ALL SELECT 'release_hours' AS k, 0 AS m, OLD."release_hours" AS o, NEW."release_hours" AS n) WHERE o IS NOT n));
END;
