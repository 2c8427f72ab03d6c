-- object: function scheduling_listing_first_free
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_first_free(bigint) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_first_free(p_agenda bigint) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT s.start FROM public.scheduling_slot s
     WHERE s.agenda_id = p_agenda AND s.status = 'open' AND s.rule_id IS NOT NULL
       AND s.start >= coalesce((SELECT c.not_before FROM public.scheduling_listingclock c WHERE c.id = 1),
                               '-infinity')
       AND (s.reserved_for = '' OR s.opens_to_all_at <= now())
       AND NOT EXISTS (SELECT 1 FROM public.scheduling_booking b
                        WHERE b.slot_id = s.id AND b.status <> 'cancelled')
       AND EXISTS (SELECT 1 FROM public.scheduling_openingrule_reasons x
                     JOIN public.scheduling_visitreason r ON r.id = x.visitreason_id
                    WHERE x.openingrule_id = s.rule_id AND r.online_bookable
                      AND r.duration_minutes <= floor(extract(epoch FROM s."end" - s.start) / 60))
     ORDER BY s.start LIMIT 1
$$;
