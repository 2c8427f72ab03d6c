-- object: trigger audit_scheduling_calendarfeed_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_calendarfeed_insert;
CREATE TRIGGER audit_scheduling_calendarfeed_insert AFTER INSERT ON scheduling_calendarfeed
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_calendarfeed', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'token_digest', CASE WHEN NEW."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."token_digest" AS TEXT)) END, 'created_at', NEW."created_at"));
END;
