-- object: trigger interfaces_booking_created
-- drop: DROP TRIGGER IF EXISTS interfaces_booking_created;
CREATE TRIGGER interfaces_booking_created AFTER INSERT ON scheduling_booking
WHEN (CASE WHEN NEW.status IN ('pending', 'cancelled') THEN NULL ELSE 'created' END) IS NOT NULL
BEGIN
    INSERT INTO interfaces_outboundevent (booking_id, kind, status, sequence, slot_id, starts_at, ends_at, agenda_id, occurred_at)
    SELECT NEW.id, (CASE WHEN NEW.status IN ('pending', 'cancelled') THEN NULL ELSE 'created' END), NEW.status, NEW.sequence, s.id, s.start, s."end", s.agenda_id,
           strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'
      FROM scheduling_slot s WHERE s.id = NEW.slot_id;
    INSERT INTO interfaces_dispatch (event_id, endpoint_id, booking_id, status, attempts, last_error)
    SELECT (SELECT max(id) FROM interfaces_outboundevent), e.id, NEW.id, 'pending', 0, ''
      FROM interfaces_endpoint e WHERE e.active;
END;
