-- object: function scheduling_callcentreagent_history
-- drop: DROP FUNCTION IF EXISTS public.scheduling_callcentreagent_history() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_callcentreagent_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.call_centre_id IS NOT DISTINCT FROM OLD.call_centre_id THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                WHERE b.created_by_id = CASE TG_OP WHEN 'INSERT' THEN NEW.user_id ELSE OLD.user_id END) THEN
        RAISE EXCEPTION 'institution rule: this account has made bookings, which the routing report counts for its call centre: it keeps its team'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
