-- The outbound feed's triggers, frozen by `manage.py freeze_feed`.
-- Never edit by hand: change interfaces/sql.py and freeze a new migration.

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

-- object: trigger audit_interfaces_endpoint_insert
-- drop: DROP TRIGGER IF EXISTS audit_interfaces_endpoint_insert;
CREATE TRIGGER audit_interfaces_endpoint_insert AFTER INSERT ON interfaces_endpoint
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'interfaces_endpoint', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'kind', NEW."kind", 'address', NEW."address", 'secret', CASE WHEN NEW."secret" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."secret" AS TEXT)) END, 'receiving_application', NEW."receiving_application", 'receiving_facility', NEW."receiving_facility", 'active', NEW."active"));
END;

-- object: trigger audit_interfaces_endpoint_update
-- drop: DROP TRIGGER IF EXISTS audit_interfaces_endpoint_update;
CREATE TRIGGER audit_interfaces_endpoint_update AFTER UPDATE ON interfaces_endpoint
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'interfaces_endpoint', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'kind' AS k, 0 AS m, OLD."kind" AS o, NEW."kind" AS n UNION ALL SELECT 'address' AS k, 0 AS m, OLD."address" AS o, NEW."address" AS n UNION ALL SELECT 'secret' AS k, 1 AS m, OLD."secret" AS o, NEW."secret" AS n UNION ALL SELECT 'receiving_application' AS k, 0 AS m, OLD."receiving_application" AS o, NEW."receiving_application" AS n UNION ALL SELECT 'receiving_facility' AS k, 0 AS m, OLD."receiving_facility" AS o, NEW."receiving_facility" AS n UNION ALL SELECT 'active' AS k, 0 AS m, OLD."active" AS o, NEW."active" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_interfaces_endpoint_delete
-- drop: DROP TRIGGER IF EXISTS audit_interfaces_endpoint_delete;
CREATE TRIGGER audit_interfaces_endpoint_delete AFTER DELETE ON interfaces_endpoint
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'interfaces_endpoint', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'kind', OLD."kind", 'address', OLD."address", 'secret', CASE WHEN OLD."secret" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."secret" AS TEXT)) END, 'receiving_application', OLD."receiving_application", 'receiving_facility', OLD."receiving_facility", 'active', OLD."active"));
END;
