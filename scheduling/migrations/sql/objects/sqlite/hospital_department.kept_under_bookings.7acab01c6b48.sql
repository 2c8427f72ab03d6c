-- object: trigger hospital_department.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS hospital_department__kept_under_bookings;
CREATE TRIGGER hospital_department__kept_under_bookings
BEFORE DELETE ON hospital_department
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings were made in the agendas of this department: it is never deleted') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id IN (SELECT s.id FROM scheduling_slot s WHERE s.agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.department_id = OLD.id)));
END;
