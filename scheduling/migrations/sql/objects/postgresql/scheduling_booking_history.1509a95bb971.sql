-- object: function scheduling_booking_history
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_history() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_new_start timestamptz; v_old_start timestamptz;
BEGIN
    SELECT s.start INTO v_new_start FROM public.scheduling_slot s WHERE s.id = NEW.slot_id;
    IF TG_OP = 'INSERT' THEN
        IF v_new_start <= clock_timestamp() THEN
            RAISE EXCEPTION 'institution rule: no booking is made on a slot that has started'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (OLD.channel, OLD.created_by_id, OLD.created_at)
       IS DISTINCT FROM (NEW.channel, NEW.created_by_id, NEW.created_at) THEN
        RAISE EXCEPTION 'institution rule: a booking keeps its channel, its author and its creation time'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.checked_in_at IS NOT NULL AND OLD.checked_in_at IS DISTINCT FROM NEW.checked_in_at THEN
        RAISE EXCEPTION 'institution rule: a check-in, once recorded, never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT s.start INTO v_old_start FROM public.scheduling_slot s WHERE s.id = OLD.slot_id;
    IF v_old_start <= clock_timestamp() AND (
           (OLD.slot_id, OLD.reason_id, OLD.patient_id)
               IS DISTINCT FROM (NEW.slot_id, NEW.reason_id, NEW.patient_id)
        OR (OLD.status IS DISTINCT FROM NEW.status AND NOT (
               (OLD.status = 'booked' AND NEW.status IN ('honoured', 'missed'))
            OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))
            OR (OLD.status = 'pending' AND NEW.status = 'cancelled')))) THEN
        RAISE EXCEPTION 'institution rule: this appointment has started: only its outcome and check-in are recorded now'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.slot_id IS DISTINCT FROM NEW.slot_id AND v_new_start <= clock_timestamp() THEN
        RAISE EXCEPTION 'institution rule: no booking is moved to a slot that has started'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
