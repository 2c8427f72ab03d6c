-- object: trigger scheduling_agenda.scheduling_listing_agenda_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_agenda_insert;
CREATE TRIGGER scheduling_listing_agenda_insert AFTER INSERT ON scheduling_agenda
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting
     WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.id = NEW.id);
    INSERT INTO scheduling_agendalisting (agenda_id, specialty_id, practitioner_id, department_id, establishment_id, search_text, first_name, last_name, rpps, department_name, establishment_name, city, finess, specialty_names)
    SELECT a.id, NULL, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id WHERE (a.id = NEW.id) AND a.is_active AND e.is_member
    UNION
    SELECT a.id, d.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
     WHERE (a.id = NEW.id) AND a.is_active AND e.is_member AND d.specialty_id IS NOT NULL
    UNION
    SELECT a.id, ps.specialty_id, a.practitioner_id, a.department_id, d.establishment_id, scheduling_normalize(p.first_name || ' ' || p.last_name || ' ' || d.name || ' ' || e.name
        || ' ' || e.city || ' ' || coalesce((SELECT group_concat(sp.name, ' ') FROM hospital_specialty sp
            WHERE sp.id = d.specialty_id OR sp.id IN (SELECT ps.specialty_id
                FROM hospital_practitioner_specialties ps WHERE ps.practitioner_id = a.practitioner_id)), '')), p.first_name, p.last_name, p.rpps, d.name, e.name, e.city, e.finess, coalesce((SELECT group_concat(name, ', ') FROM (
        SELECT sp.name FROM hospital_practitioner_specialties ps
          JOIN hospital_specialty sp ON sp.id = ps.specialty_id
         WHERE ps.practitioner_id = a.practitioner_id ORDER BY sp.name)), '') FROM scheduling_agenda a
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
      JOIN hospital_practitioner p ON p.id = a.practitioner_id
      JOIN hospital_practitioner_specialties ps ON ps.practitioner_id = a.practitioner_id
     WHERE (a.id = NEW.id) AND a.is_active AND e.is_member;
    UPDATE scheduling_agendalisting SET first_start = (
    SELECT min(s.start) FROM scheduling_slot s
     WHERE s.agenda_id = scheduling_agendalisting.agenda_id AND s.status = 'open'
       AND s.rule_id IS NOT NULL
       AND s.start >= coalesce((SELECT c.not_before FROM scheduling_listingclock c WHERE c.id = 1), '')
       AND (s.reserved_for = '' OR s.opens_to_all_at <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
       AND NOT EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id = s.id AND b.status <> 'cancelled')
       AND EXISTS (SELECT 1 FROM scheduling_openingrule_reasons x
                     JOIN scheduling_visitreason r ON r.id = x.visitreason_id
                    WHERE x.openingrule_id = s.rule_id AND r.online_bookable
                      AND r.duration_minutes <= CAST((julianday(s."end") - julianday(s.start))
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id IN (SELECT a.id FROM scheduling_agenda a WHERE a.id = NEW.id);
END;
