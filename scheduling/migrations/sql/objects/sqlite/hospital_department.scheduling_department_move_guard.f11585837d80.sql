-- object: trigger hospital_department.scheduling_department_move_guard
-- drop: DROP TRIGGER IF EXISTS hospital_department__scheduling_department_move_guard;
CREATE TRIGGER hospital_department__scheduling_department_move_guard
AFTER UPDATE OF establishment_id ON hospital_department
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.establishment_id IS NOT NEW.establishment_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this department has agendas and cannot move to another establishment') WHERE EXISTS (SELECT 1 FROM scheduling_agenda WHERE department_id = NEW.id);
END;
