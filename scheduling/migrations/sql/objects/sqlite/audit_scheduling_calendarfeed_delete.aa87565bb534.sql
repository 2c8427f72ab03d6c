-- object: trigger audit_scheduling_calendarfeed_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_calendarfeed_delete;
CREATE TRIGGER audit_scheduling_calendarfeed_delete AFTER DELETE ON scheduling_calendarfeed
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_calendarfeed', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'token_digest', CASE WHEN OLD."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."token_digest" AS TEXT)) END, 'created_at', OLD."created_at"));
END;
