-- object: trigger audit_scheduling_openingrule_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_delete;
CREATE TRIGGER audit_scheduling_openingrule_delete AFTER DELETE ON scheduling_openingrule
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_openingrule', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'weekday', OLD."weekday", 'start_time', OLD."start_time", 'end_time', OLD."end_time", 'valid_from', OLD."valid_from", 'valid_until', OLD."valid_until", 'reserved_for', OLD."reserved_for"));
END;
