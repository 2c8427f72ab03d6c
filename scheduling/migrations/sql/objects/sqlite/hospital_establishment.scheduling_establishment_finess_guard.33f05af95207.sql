-- object: trigger hospital_establishment.scheduling_establishment_finess_guard
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__scheduling_establishment_finess_guard;
CREATE TRIGGER hospital_establishment__scheduling_establishment_finess_guard
AFTER UPDATE OF finess ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.finess IS NOT NEW.finess)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings resolve to this establishment: its FINESS number never changes') WHERE EXISTS (SELECT 1 FROM scheduling_booking b
                 JOIN scheduling_slot s ON s.id = b.slot_id
                 JOIN scheduling_agenda a ON a.id = s.agenda_id
                 JOIN hospital_department d ON d.id = a.department_id
                WHERE d.establishment_id = NEW.id AND b.status <> 'cancelled');
END;
