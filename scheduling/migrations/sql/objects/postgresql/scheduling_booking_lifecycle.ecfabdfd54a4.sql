-- object: function scheduling_booking_lifecycle
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_lifecycle() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_lifecycle() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_start timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'institution rule: bookings are never deleted; cancel them, with a reason'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM NEW.status AND NOT (
           (OLD.status = 'pending' AND NEW.status IN ('booked', 'cancelled'))
        OR (OLD.status = 'booked' AND NEW.status IN ('cancelled', 'honoured', 'missed'))
        OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))) THEN
        RAISE EXCEPTION 'institution rule: a % booking cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status NOT IN ('booked', 'pending')
       AND (OLD.slot_id, OLD.reason_id, OLD.patient_id)
           IS DISTINCT FROM (NEW.slot_id, NEW.reason_id, NEW.patient_id) THEN
        RAISE EXCEPTION 'institution rule: a % booking keeps its slot, reason and patient', OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'cancelled'
       AND (OLD.cancelled_at, OLD.cancelled_by_id, OLD.cancel_reason)
           IS DISTINCT FROM (NEW.cancelled_at, NEW.cancelled_by_id, NEW.cancel_reason) THEN
        RAISE EXCEPTION 'institution rule: a cancelled booking keeps who cancelled it, when and why'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.sequence < OLD.sequence
        OR (OLD.slot_id IS DISTINCT FROM NEW.slot_id AND NEW.sequence <= OLD.sequence)) THEN
        RAISE EXCEPTION 'institution rule: the revision of a booking goes up when it moves, and never back'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status IN ('honoured', 'missed') THEN
        SELECT s.start INTO v_start FROM public.scheduling_slot s WHERE s.id = NEW.slot_id;
        IF v_start IS NULL OR v_start > now() THEN
            RAISE EXCEPTION 'institution rule: an outcome is recorded only once the appointment has started'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
