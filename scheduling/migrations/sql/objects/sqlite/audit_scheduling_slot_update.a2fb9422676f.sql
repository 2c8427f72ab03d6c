-- object: trigger audit_scheduling_slot_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_slot_update;
CREATE TRIGGER audit_scheduling_slot_update AFTER UPDATE ON scheduling_slot
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_slot', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'start' AS k, 0 AS m, OLD."start" AS o, NEW."start" AS n UNION ALL SELECT 'end' AS k, 0 AS m, OLD."end" AS o, NEW."end" AS n UNION ALL SELECT 'status' AS k, 0 AS m, OLD."status" AS o, NEW."status" AS n UNION ALL SELECT 'rule_id' AS k, 0 AS m, OLD."rule_id" AS o, NEW."rule_id" AS n UNION ALL SELECT 'reserved_for' AS k, 0 AS m, OLD."reserved_for" AS o, NEW."reserved_for" AS n UNION ALL SELECT 'opens_to_all_at' AS k, 0 AS m, OLD."opens_to_all_at" AS o, NEW."opens_to_all_at" AS n) WHERE o IS NOT n));
END;
