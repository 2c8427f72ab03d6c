-- object: trigger audit_scheduling_erasure_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_erasure_update;
CREATE TRIGGER audit_scheduling_erasure_update AFTER UPDATE ON scheduling_erasure
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_erasure', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'patient_id' AS k, 0 AS m, OLD."patient_id" AS o, NEW."patient_id" AS n UNION ALL SELECT 'basis' AS k, 0 AS m, OLD."basis" AS o, NEW."basis" AS n UNION ALL SELECT 'reason' AS k, 0 AS m, OLD."reason" AS o, NEW."reason" AS n UNION ALL SELECT 'erased_at' AS k, 0 AS m, OLD."erased_at" AS o, NEW."erased_at" AS n UNION ALL SELECT 'erased_by_id' AS k, 0 AS m, OLD."erased_by_id" AS o, NEW."erased_by_id" AS n) WHERE o IS NOT n));
END;
