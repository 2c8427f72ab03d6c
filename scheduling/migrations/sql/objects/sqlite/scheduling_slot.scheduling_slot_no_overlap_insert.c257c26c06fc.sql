-- object: trigger scheduling_slot.scheduling_slot_no_overlap_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_no_overlap_insert;
CREATE TRIGGER scheduling_slot__scheduling_slot_no_overlap_insert
BEFORE INSERT ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'scheduling_slot_no_overlap: this slot overlaps another slot of the agenda')
     WHERE EXISTS (
        SELECT 1 FROM scheduling_slot o
         WHERE o.agenda_id = NEW.agenda_id AND o.start < NEW."end" AND o."end" > NEW.start);
END;
