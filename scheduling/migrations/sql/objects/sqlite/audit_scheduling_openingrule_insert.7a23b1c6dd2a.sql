-- object: trigger audit_scheduling_openingrule_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_insert;
CREATE TRIGGER audit_scheduling_openingrule_insert AFTER INSERT ON scheduling_openingrule
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_openingrule', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'weekday', NEW."weekday", 'start_time', NEW."start_time", 'end_time', NEW."end_time", 'valid_from', NEW."valid_from", 'valid_until', NEW."valid_until", 'reserved_for', NEW."reserved_for"));
END;
