-- object: trigger interfaces_booking_changed
-- drop: DROP TRIGGER IF EXISTS interfaces_booking_changed;
CREATE TRIGGER interfaces_booking_changed AFTER UPDATE ON scheduling_booking
WHEN (CASE
        WHEN OLD.status = 'pending' AND NEW.status IN ('pending', 'cancelled') THEN NULL
        WHEN OLD.status IN ('pending', 'cancelled') AND NEW.status <> 'cancelled' THEN 'created'
        WHEN OLD.status = 'cancelled' THEN NULL
        WHEN NEW.status = 'cancelled' THEN 'cancelled'
        WHEN NEW.status = 'missed' AND OLD.status <> 'missed' THEN 'noshow'
        WHEN NEW.slot_id <> OLD.slot_id THEN 'moved'
        WHEN NEW.status IS NOT OLD.status OR NEW.reason_id IS NOT OLD.reason_id OR NEW.patient_id IS NOT OLD.patient_id OR NEW.checked_in_at IS NOT OLD.checked_in_at OR NEW.to_rebook IS NOT OLD.to_rebook THEN 'modified'
    END) IS NOT NULL
BEGIN
    INSERT INTO interfaces_outboundevent (booking_id, kind, status, sequence, slot_id, starts_at, ends_at, agenda_id, occurred_at)
    SELECT NEW.id, (CASE
        WHEN OLD.status = 'pending' AND NEW.status IN ('pending', 'cancelled') THEN NULL
        WHEN OLD.status IN ('pending', 'cancelled') AND NEW.status <> 'cancelled' THEN 'created'
        WHEN OLD.status = 'cancelled' THEN NULL
        WHEN NEW.status = 'cancelled' THEN 'cancelled'
        WHEN NEW.status = 'missed' AND OLD.status <> 'missed' THEN 'noshow'
        WHEN NEW.slot_id <> OLD.slot_id THEN 'moved'
        WHEN NEW.status IS NOT OLD.status OR NEW.reason_id IS NOT OLD.reason_id OR NEW.patient_id IS NOT OLD.patient_id OR NEW.checked_in_at IS NOT OLD.checked_in_at OR NEW.to_rebook IS NOT OLD.to_rebook THEN 'modified'
    END), NEW.status, NEW.sequence, s.id, s.start, s."end", s.agenda_id,
           strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'
      FROM scheduling_slot s WHERE s.id = NEW.slot_id;
    INSERT INTO interfaces_dispatch (event_id, endpoint_id, booking_id, status, attempts, last_error)
    SELECT (SELECT max(id) FROM interfaces_outboundevent), e.id, NEW.id, 'pending', 0, ''
      FROM interfaces_endpoint e WHERE e.active;
END;
