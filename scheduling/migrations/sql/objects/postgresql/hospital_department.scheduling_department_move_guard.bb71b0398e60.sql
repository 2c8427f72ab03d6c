-- object: trigger hospital_department.scheduling_department_move_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_department_move_guard ON public.hospital_department;
CREATE TRIGGER scheduling_department_move_guard AFTER UPDATE ON public.hospital_department FOR EACH ROW WHEN (OLD.establishment_id IS DISTINCT FROM NEW.establishment_id) EXECUTE FUNCTION public.scheduling_department_move_guard();
