-- object: function scheduling_booking_partner_opt_in
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_partner_opt_in() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_partner_opt_in() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_partner bigint;
BEGIN
    SELECT c.id INTO v_partner FROM public.scheduling_apiclient c
     WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner';
    IF TG_OP = 'INSERT' THEN
        IF NEW.channel = 'partner' AND v_partner IS NULL THEN
            RAISE EXCEPTION 'institution rule: only a partner portal books on the partner channel' USING ERRCODE = 'integrity_constraint_violation';
        ELSIF v_partner IS NOT NULL AND NEW.channel <> 'partner' THEN
            RAISE EXCEPTION 'institution rule: a partner portal books on the partner channel only' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF v_partner IS NOT NULL AND NEW.channel = 'partner' AND NEW.status IN ('pending', 'booked') AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR (NEW.slot_id IS DISTINCT FROM OLD.slot_id AND (SELECT agenda_id FROM public.scheduling_slot WHERE id = NEW.slot_id) IS DISTINCT FROM (SELECT agenda_id FROM public.scheduling_slot WHERE id = OLD.slot_id))) THEN
        PERFORM 1 FROM public.scheduling_partneroptin o
          JOIN public.scheduling_slot s ON s.agenda_id = o.agenda_id
         WHERE s.id = NEW.slot_id AND o.client_id = v_partner
           FOR KEY SHARE OF o;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'institution rule: this agenda is not opted in to this partner portal' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
