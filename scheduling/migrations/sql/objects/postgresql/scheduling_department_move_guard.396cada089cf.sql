-- object: function scheduling_department_move_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_department_move_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_department_move_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_agenda WHERE department_id = NEW.id) THEN
        RAISE EXCEPTION 'institution rule: this department has agendas and cannot move to another establishment'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
