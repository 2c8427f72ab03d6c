-- object: function scheduling_listing_rebuild
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_rebuild(bigint[]) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_rebuild(p_agendas bigint[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_agenda bigint; v_row record;
BEGIN
    FOR v_agenda IN SELECT DISTINCT u FROM unnest(p_agendas) AS u WHERE u IS NOT NULL ORDER BY u LOOP
        PERFORM 1 FROM public.scheduling_agendalisting WHERE agenda_id = v_agenda AND specialty_id IS NULL FOR UPDATE;
        SELECT a.practitioner_id, a.department_id, d.establishment_id, d.specialty_id,
               p.first_name, p.last_name, p.rpps, d.name AS department_name,
               e.name AS establishment_name, e.city, e.finess,
               coalesce((SELECT string_agg(sp.name, ', ' ORDER BY sp.name)
                           FROM public.hospital_practitioner_specialties ps
                           JOIN public.hospital_specialty sp ON sp.id = ps.specialty_id
                          WHERE ps.practitioner_id = p.id), '') AS specialty_names
          INTO v_row
          FROM public.scheduling_agenda a
          JOIN public.hospital_practitioner p ON p.id = a.practitioner_id
          JOIN public.hospital_department d ON d.id = a.department_id
          JOIN public.hospital_establishment e ON e.id = d.establishment_id
         WHERE a.id = v_agenda AND a.is_active AND e.is_member;
        IF NOT FOUND THEN
            DELETE FROM public.scheduling_agendalisting WHERE agenda_id = v_agenda;
            CONTINUE;
        END IF;
        INSERT INTO public.scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
        VALUES (v_agenda, NULL, v_row.practitioner_id, v_row.department_id, v_row.establishment_id,
                public.scheduling_listing_text(v_agenda), v_row.first_name, v_row.last_name,
                v_row.rpps, v_row.department_name, v_row.establishment_name, v_row.city,
                v_row.finess, v_row.specialty_names)
        ON CONFLICT (agenda_id) WHERE specialty_id IS NULL DO UPDATE
           SET (practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names) = ROW(EXCLUDED.practitioner_id, EXCLUDED.department_id, EXCLUDED.establishment_id, EXCLUDED.search_text, EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.rpps, EXCLUDED.department_name, EXCLUDED.establishment_name, EXCLUDED.city, EXCLUDED.finess, EXCLUDED.specialty_names);
        DELETE FROM public.scheduling_agendalisting WHERE agenda_id = v_agenda AND specialty_id IS NOT NULL;
        INSERT INTO public.scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names, first_start)
        SELECT m.agenda_id, s.specialty_id, m.practitioner_id, m.department_id, m.establishment_id, m.search_text, m.first_name, m.last_name, m.rpps, m.department_name, m.establishment_name, m.city, m.finess, m.specialty_names, m.first_start
          FROM public.scheduling_agendalisting m,
               (SELECT v_row.specialty_id AS specialty_id WHERE v_row.specialty_id IS NOT NULL
                UNION
                SELECT ps.specialty_id FROM public.hospital_practitioner_specialties ps
                 WHERE ps.practitioner_id = v_row.practitioner_id) s
         WHERE m.agenda_id = v_agenda AND m.specialty_id IS NULL;
        PERFORM public.scheduling_listing_set_first(v_agenda);
    END LOOP;
END $$;
