-- object: function scheduling_agenda_repoint_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_agenda_repoint_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_agenda_repoint_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE n integer; listed text;
BEGIN
    SELECT count(*), array_to_string((array_agg(left(b.public_id::text, 8) ORDER BY s.start))[1:10], ', ')
      INTO n, listed
      FROM public.scheduling_booking b
      JOIN public.scheduling_slot s ON s.id = b.slot_id
     WHERE s.agenda_id = NEW.id AND b.status <> 'cancelled';
    IF n > 0 THEN
        RAISE EXCEPTION 'institution rule: this agenda cannot change practitioner or department: % booking(s), past or upcoming, resolve through it (%)', n, listed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
