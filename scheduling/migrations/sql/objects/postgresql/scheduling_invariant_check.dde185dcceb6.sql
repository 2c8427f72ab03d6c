-- object: function scheduling_invariant_check
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_check(bigint[], text) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_check(p_bookings bigint[], p_change text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_id bigint; n integer; listed text; why text;
BEGIN
    -- An older snapshot would miss bookings committed since it was taken
    -- (even the search for the bookings that depend on a change).
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'institution rule: % is checked in READ COMMITTED transactions only', p_change
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF p_bookings IS NULL OR cardinality(p_bookings) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(p_bookings) = 1 THEN
        v_id := p_bookings[1];

    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_establishment e ON e.id = d.establishment_id
       JOIN public.scheduling_visitreason r ON r.id = b.reason_id
      WHERE b.id = v_id AND b.status <> 'cancelled'
        FOR SHARE OF s, a, d, e, r;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_membership m ON m.establishment_id = d.establishment_id
      WHERE b.id = v_id AND b.status <> 'cancelled'
        AND m.starts_on <= public.scheduling_local_date(s.start) AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(s.start))
        FOR SHARE OF m;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_affiliation f
         ON f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
      WHERE b.id = v_id AND b.status <> 'cancelled'
        AND f.start_date <= public.scheduling_local_date(s.start)
        AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start))
        FOR SHARE OF f;
    SELECT count(*),
           array_to_string((array_agg(v.label ORDER BY v.start NULLS FIRST))[1:10], ', '),
           (array_agg(v.why ORDER BY v.start NULLS FIRST))[1]
      INTO n, listed, why
      FROM (
        SELECT left(b.public_id::text, 8) AS label, s.start,
               CASE
                 WHEN e.id IS NULL THEN 'it would resolve to no establishment'
                 WHEN NOT EXISTS (SELECT 1 FROM public.hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= public.scheduling_local_date(s.start) AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(s.start)))
                   THEN 'it would resolve to an establishment outside the institution on its date'
                 WHEN NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > now()
                   THEN 'its agenda would be closed'
                 WHEN r.id IS NULL OR r.agenda_id IS DISTINCT FROM a.id
                   THEN 'its visit reason would belong to another agenda'
                 WHEN NOT EXISTS (
                   SELECT 1 FROM public.hospital_affiliation f
                    WHERE f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
                      AND f.start_date <= public.scheduling_local_date(s.start)
                      AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start)))
                   THEN 'the practitioner would not be affiliated to the department on its date'
               END AS why
          FROM public.scheduling_booking b
          LEFT JOIN public.scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN public.scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN public.hospital_department d ON d.id = a.department_id
          LEFT JOIN public.hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN public.scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id = v_id AND b.status <> 'cancelled'
      ) v
     WHERE v.why IS NOT NULL;
    ELSE

    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_establishment e ON e.id = d.establishment_id
       JOIN public.scheduling_visitreason r ON r.id = b.reason_id
      WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
        FOR SHARE OF s, a, d, e, r;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_membership m ON m.establishment_id = d.establishment_id
      WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
        AND m.starts_on <= public.scheduling_local_date(s.start) AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(s.start))
        FOR SHARE OF m;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_affiliation f
         ON f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
      WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
        AND f.start_date <= public.scheduling_local_date(s.start)
        AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start))
        FOR SHARE OF f;
    SELECT count(*),
           array_to_string((array_agg(v.label ORDER BY v.start NULLS FIRST))[1:10], ', '),
           (array_agg(v.why ORDER BY v.start NULLS FIRST))[1]
      INTO n, listed, why
      FROM (
        SELECT left(b.public_id::text, 8) AS label, s.start,
               CASE
                 WHEN e.id IS NULL THEN 'it would resolve to no establishment'
                 WHEN NOT EXISTS (SELECT 1 FROM public.hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= public.scheduling_local_date(s.start) AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(s.start)))
                   THEN 'it would resolve to an establishment outside the institution on its date'
                 WHEN NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > now()
                   THEN 'its agenda would be closed'
                 WHEN r.id IS NULL OR r.agenda_id IS DISTINCT FROM a.id
                   THEN 'its visit reason would belong to another agenda'
                 WHEN NOT EXISTS (
                   SELECT 1 FROM public.hospital_affiliation f
                    WHERE f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
                      AND f.start_date <= public.scheduling_local_date(s.start)
                      AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start)))
                   THEN 'the practitioner would not be affiliated to the department on its date'
               END AS why
          FROM public.scheduling_booking b
          LEFT JOIN public.scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN public.scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN public.hospital_department d ON d.id = a.department_id
          LEFT JOIN public.hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN public.scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
      ) v
     WHERE v.why IS NOT NULL;
    END IF;
    IF n > 0 THEN
        RAISE EXCEPTION 'institution rule: % refused: % for % booking(s) (%); move or cancel the upcoming ones first, the past is not rewritten',
            p_change, why, n, listed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END
$$;
