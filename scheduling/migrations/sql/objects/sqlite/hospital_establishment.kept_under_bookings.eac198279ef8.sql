-- object: trigger hospital_establishment.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__kept_under_bookings;
CREATE TRIGGER hospital_establishment__kept_under_bookings
BEFORE DELETE ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings were made in this establishment: it is never deleted; end its membership instead') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id IN (SELECT s.id FROM scheduling_slot s WHERE s.agenda_id IN (SELECT a.id FROM scheduling_agenda a JOIN hospital_department d ON d.id = a.department_id WHERE d.establishment_id = OLD.id)));
END;
