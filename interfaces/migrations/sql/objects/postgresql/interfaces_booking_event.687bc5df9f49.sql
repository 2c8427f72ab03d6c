-- object: function interfaces_booking_event
-- drop: DROP FUNCTION IF EXISTS public.interfaces_booking_event() CASCADE;
CREATE OR REPLACE FUNCTION public.interfaces_booking_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_kind text; v_event bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        v_kind := CASE WHEN NEW.status IN ('pending', 'cancelled') THEN NULL ELSE 'created' END;
    ELSE
        v_kind := CASE
        WHEN OLD.status = 'pending' AND NEW.status IN ('pending', 'cancelled') THEN NULL
        WHEN OLD.status IN ('pending', 'cancelled') AND NEW.status <> 'cancelled' THEN 'created'
        WHEN OLD.status = 'cancelled' THEN NULL
        WHEN NEW.status = 'cancelled' THEN 'cancelled'
        WHEN NEW.status = 'missed' AND OLD.status <> 'missed' THEN 'noshow'
        WHEN NEW.slot_id <> OLD.slot_id THEN 'moved'
        WHEN NEW.status IS DISTINCT FROM OLD.status OR NEW.reason_id IS DISTINCT FROM OLD.reason_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id OR NEW.checked_in_at IS DISTINCT FROM OLD.checked_in_at OR NEW.to_rebook IS DISTINCT FROM OLD.to_rebook THEN 'modified'
    END;
    END IF;
    IF v_kind IS NULL THEN RETURN NULL; END IF;
    INSERT INTO public.interfaces_outboundevent (booking_id, kind, status, sequence, slot_id, starts_at, ends_at, agenda_id, occurred_at)
    SELECT NEW.id, v_kind, NEW.status, NEW.sequence, s.id, s.start, s."end", s.agenda_id, now()
      FROM public.scheduling_slot s WHERE s.id = NEW.slot_id
    RETURNING id INTO v_event;
    INSERT INTO public.interfaces_dispatch (event_id, endpoint_id, booking_id, status, attempts, last_error)
    SELECT v_event, e.id, NEW.id, 'pending', 0, '' FROM public.interfaces_endpoint e WHERE e.active;
    RETURN NULL;
END $$;
