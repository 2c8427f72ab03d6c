-- object: function scheduling_listing_text
-- drop: DROP FUNCTION IF EXISTS public.scheduling_listing_text(bigint) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_listing_text(p_agenda bigint) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT public.scheduling_normalize(concat_ws(' ', p.first_name, p.last_name, d.name, e.name, e.city,
               (SELECT string_agg(sp.name, ' ' ORDER BY sp.id) FROM public.hospital_specialty sp
                 WHERE sp.id = d.specialty_id
                    OR sp.id IN (SELECT ps.specialty_id FROM public.hospital_practitioner_specialties ps
                                  WHERE ps.practitioner_id = p.id))))
      FROM public.scheduling_agenda a
      JOIN public.hospital_practitioner p ON p.id = a.practitioner_id
      JOIN public.hospital_department d ON d.id = a.department_id
      JOIN public.hospital_establishment e ON e.id = d.establishment_id
     WHERE a.id = p_agenda
$$;
