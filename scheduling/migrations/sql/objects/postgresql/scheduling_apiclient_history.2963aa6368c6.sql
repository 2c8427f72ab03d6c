-- object: function scheduling_apiclient_history
-- drop: DROP FUNCTION IF EXISTS public.scheduling_apiclient_history() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_apiclient_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM public.scheduling_booking b WHERE b.created_by_id = NEW.user_id) THEN
            RAISE EXCEPTION 'institution rule: this account has made bookings, which the routing report would count for this API client: a client is given a new service account'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b WHERE b.created_by_id = OLD.user_id) THEN
        RAISE EXCEPTION 'institution rule: this API client has made bookings, which the routing report counts for it: it is not deleted, deactivate it'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END
$$;
