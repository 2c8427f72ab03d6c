-- object: trigger scheduling_slot.scheduling_listing_slot_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_slot_insert;
CREATE TRIGGER scheduling_listing_slot_insert AFTER INSERT ON scheduling_slot
FOR EACH ROW 
BEGIN
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
                                                     * 1440 + 0.0001 AS INTEGER))) WHERE agenda_id = NEW.agenda_id;
END;
