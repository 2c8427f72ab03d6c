-- The platform's database rules, frozen by `manage.py freeze_rules`.
-- Never edit by hand: change the rule code and freeze a new migration.

-- object: view audit_row_input
-- drop: DROP VIEW IF EXISTS audit_row_input;
CREATE VIEW audit_row_input AS SELECT action, object_type, object_id, changes FROM audit_event WHERE 0;

-- object: trigger audit_row_input_seal
-- drop: DROP TRIGGER IF EXISTS audit_row_input_seal;
CREATE TRIGGER audit_row_input_seal INSTEAD OF INSERT ON audit_row_input
BEGIN
    INSERT INTO audit_event (seq, occurred_at, actor, channel, request_id, action, object_type, object_id, changes, prev_hash, hash)
    SELECT c.seq, c.ts, c.actor, c.channel, c.rid, NEW.action, NEW.object_type,
           coalesce(NEW.object_id, ''), NEW.changes, c.prev,
           SHA256(c.prev || char(31) || c.seq || char(31) || c.ts || char(31) || c.actor
                  || char(31) || c.channel || char(31) || c.rid || char(31) || NEW.action
                  || char(31) || NEW.object_type || char(31) || coalesce(NEW.object_id, '')
                  || char(31) || NEW.changes)
      FROM (SELECT coalesce((SELECT max(seq) FROM audit_event), 0) + 1 AS seq,
                   coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000') AS prev,
                   strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' AS ts,
                   coalesce(nullif(audit_context('actor'), ''), 'db:sqlite') AS actor,
                   coalesce(nullif(audit_context('channel'), ''), 'sql') AS channel,
                   coalesce(audit_context('request_id'), '') AS rid) AS c;
END;

-- object: trigger audit_log_input_insert
-- drop: DROP TRIGGER IF EXISTS audit_log_input_insert;
CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON audit_log_input
WHEN NEW.action IN ('read', 'permission', 'override', 'decision')
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES (NEW.action, NEW.object_type, NEW.object_id,
            CASE WHEN json_type(NEW.changes, '$.masked') = 'object'
                 THEN json_set(NEW.changes, '$.masked', json((
                     SELECT json_group_object(key, CASE WHEN value IS NULL THEN NULL
                                                   ELSE audit_mask(CAST(value AS TEXT)) END)
                       FROM json_each(NEW.changes, '$.masked'))))
                 ELSE NEW.changes END);
END;

-- object: trigger audit_log_input_refused
-- drop: DROP TRIGGER IF EXISTS audit_log_input_refused;
CREATE TRIGGER audit_log_input_refused INSTEAD OF INSERT ON audit_log_input
WHEN NEW.action NOT IN ('read', 'permission', 'override', 'decision')
BEGIN
    SELECT RAISE(ABORT, 'audit trail: the application records only read, permission and override events; row changes are recorded by the database');
END;

-- object: trigger audit_event_no_update
-- drop: DROP TRIGGER IF EXISTS audit_event_no_update;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE refused'); END;

-- object: trigger audit_event_no_delete
-- drop: DROP TRIGGER IF EXISTS audit_event_no_delete;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE refused'); END;

-- object: trigger audit_hospital_establishment_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_establishment_insert;
CREATE TRIGGER audit_hospital_establishment_insert AFTER INSERT ON hospital_establishment
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_establishment', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'finess', NEW."finess", 'address', NEW."address", 'postal_code', NEW."postal_code", 'city', NEW."city", 'is_member', NEW."is_member", 'phone', NEW."phone", 'practical_info', NEW."practical_info", 'practical_info_en', NEW."practical_info_en"));
END;

-- object: trigger audit_hospital_establishment_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_establishment_update;
CREATE TRIGGER audit_hospital_establishment_update AFTER UPDATE ON hospital_establishment
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_establishment', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'finess' AS k, 0 AS m, OLD."finess" AS o, NEW."finess" AS n UNION ALL SELECT 'address' AS k, 0 AS m, OLD."address" AS o, NEW."address" AS n UNION ALL SELECT 'postal_code' AS k, 0 AS m, OLD."postal_code" AS o, NEW."postal_code" AS n UNION ALL SELECT 'city' AS k, 0 AS m, OLD."city" AS o, NEW."city" AS n UNION ALL SELECT 'is_member' AS k, 0 AS m, OLD."is_member" AS o, NEW."is_member" AS n UNION ALL SELECT 'phone' AS k, 0 AS m, OLD."phone" AS o, NEW."phone" AS n UNION ALL SELECT 'practical_info' AS k, 0 AS m, OLD."practical_info" AS o, NEW."practical_info" AS n UNION ALL SELECT 'practical_info_en' AS k, 0 AS m, OLD."practical_info_en" AS o, NEW."practical_info_en" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_hospital_establishment_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_establishment_delete;
CREATE TRIGGER audit_hospital_establishment_delete AFTER DELETE ON hospital_establishment
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_establishment', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'finess', OLD."finess", 'address', OLD."address", 'postal_code', OLD."postal_code", 'city', OLD."city", 'is_member', OLD."is_member", 'phone', OLD."phone", 'practical_info', OLD."practical_info", 'practical_info_en', OLD."practical_info_en"));
END;

-- object: trigger audit_hospital_specialty_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_specialty_insert;
CREATE TRIGGER audit_hospital_specialty_insert AFTER INSERT ON hospital_specialty
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_specialty', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'code', NEW."code", 'name', NEW."name", 'name_en', NEW."name_en"));
END;

-- object: trigger audit_hospital_specialty_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_specialty_update;
CREATE TRIGGER audit_hospital_specialty_update AFTER UPDATE ON hospital_specialty
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_specialty', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'code' AS k, 0 AS m, OLD."code" AS o, NEW."code" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'name_en' AS k, 0 AS m, OLD."name_en" AS o, NEW."name_en" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_hospital_specialty_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_specialty_delete;
CREATE TRIGGER audit_hospital_specialty_delete AFTER DELETE ON hospital_specialty
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_specialty', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'code', OLD."code", 'name', OLD."name", 'name_en', OLD."name_en"));
END;

-- object: trigger audit_hospital_department_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_department_insert;
CREATE TRIGGER audit_hospital_department_insert AFTER INSERT ON hospital_department
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_department', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'establishment_id', NEW."establishment_id", 'name', NEW."name", 'specialty_id', NEW."specialty_id", 'phone', NEW."phone", 'practical_info', NEW."practical_info", 'practical_info_en', NEW."practical_info_en"));
END;

-- object: trigger audit_hospital_department_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_department_update;
CREATE TRIGGER audit_hospital_department_update AFTER UPDATE ON hospital_department
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_department', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'establishment_id' AS k, 0 AS m, OLD."establishment_id" AS o, NEW."establishment_id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'specialty_id' AS k, 0 AS m, OLD."specialty_id" AS o, NEW."specialty_id" AS n UNION ALL SELECT 'phone' AS k, 0 AS m, OLD."phone" AS o, NEW."phone" AS n UNION ALL SELECT 'practical_info' AS k, 0 AS m, OLD."practical_info" AS o, NEW."practical_info" AS n UNION ALL SELECT 'practical_info_en' AS k, 0 AS m, OLD."practical_info_en" AS o, NEW."practical_info_en" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_hospital_department_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_department_delete;
CREATE TRIGGER audit_hospital_department_delete AFTER DELETE ON hospital_department
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_department', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'establishment_id', OLD."establishment_id", 'name', OLD."name", 'specialty_id', OLD."specialty_id", 'phone', OLD."phone", 'practical_info', OLD."practical_info", 'practical_info_en', OLD."practical_info_en"));
END;

-- object: trigger audit_hospital_practitioner_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_insert;
CREATE TRIGGER audit_hospital_practitioner_insert AFTER INSERT ON hospital_practitioner
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_practitioner', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'first_name', NEW."first_name", 'last_name', NEW."last_name", 'rpps', NEW."rpps", 'user_id', NEW."user_id"));
END;

-- object: trigger audit_hospital_practitioner_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_update;
CREATE TRIGGER audit_hospital_practitioner_update AFTER UPDATE ON hospital_practitioner
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_practitioner', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'first_name' AS k, 0 AS m, OLD."first_name" AS o, NEW."first_name" AS n UNION ALL SELECT 'last_name' AS k, 0 AS m, OLD."last_name" AS o, NEW."last_name" AS n UNION ALL SELECT 'rpps' AS k, 0 AS m, OLD."rpps" AS o, NEW."rpps" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_hospital_practitioner_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_delete;
CREATE TRIGGER audit_hospital_practitioner_delete AFTER DELETE ON hospital_practitioner
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_practitioner', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'first_name', OLD."first_name", 'last_name', OLD."last_name", 'rpps', OLD."rpps", 'user_id', OLD."user_id"));
END;

-- object: trigger audit_hospital_practitioner_specialties_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_specialties_insert;
CREATE TRIGGER audit_hospital_practitioner_specialties_insert AFTER INSERT ON hospital_practitioner_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_practitioner_specialties', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'specialty_id', NEW."specialty_id"));
END;

-- object: trigger audit_hospital_practitioner_specialties_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_specialties_update;
CREATE TRIGGER audit_hospital_practitioner_specialties_update AFTER UPDATE ON hospital_practitioner_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_practitioner_specialties', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'practitioner_id' AS k, 0 AS m, OLD."practitioner_id" AS o, NEW."practitioner_id" AS n UNION ALL SELECT 'specialty_id' AS k, 0 AS m, OLD."specialty_id" AS o, NEW."specialty_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_hospital_practitioner_specialties_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_specialties_delete;
CREATE TRIGGER audit_hospital_practitioner_specialties_delete AFTER DELETE ON hospital_practitioner_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_practitioner_specialties', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'specialty_id', OLD."specialty_id"));
END;

-- object: trigger audit_hospital_affiliation_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_affiliation_insert;
CREATE TRIGGER audit_hospital_affiliation_insert AFTER INSERT ON hospital_affiliation
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_affiliation', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'department_id', NEW."department_id", 'start_date', NEW."start_date", 'end_date', NEW."end_date"));
END;

-- object: trigger audit_hospital_affiliation_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_affiliation_update;
CREATE TRIGGER audit_hospital_affiliation_update AFTER UPDATE ON hospital_affiliation
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_affiliation', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'practitioner_id' AS k, 0 AS m, OLD."practitioner_id" AS o, NEW."practitioner_id" AS n UNION ALL SELECT 'department_id' AS k, 0 AS m, OLD."department_id" AS o, NEW."department_id" AS n UNION ALL SELECT 'start_date' AS k, 0 AS m, OLD."start_date" AS o, NEW."start_date" AS n UNION ALL SELECT 'end_date' AS k, 0 AS m, OLD."end_date" AS o, NEW."end_date" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_hospital_affiliation_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_affiliation_delete;
CREATE TRIGGER audit_hospital_affiliation_delete AFTER DELETE ON hospital_affiliation
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_affiliation', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'department_id', OLD."department_id", 'start_date', OLD."start_date", 'end_date', OLD."end_date"));
END;

-- object: trigger audit_hospital_membership_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_membership_insert;
CREATE TRIGGER audit_hospital_membership_insert AFTER INSERT ON hospital_membership
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_membership', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'establishment_id', NEW."establishment_id", 'starts_on', NEW."starts_on", 'ends_on', NEW."ends_on"));
END;

-- object: trigger audit_hospital_membership_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_membership_update;
CREATE TRIGGER audit_hospital_membership_update AFTER UPDATE ON hospital_membership
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_membership', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'establishment_id' AS k, 0 AS m, OLD."establishment_id" AS o, NEW."establishment_id" AS n UNION ALL SELECT 'starts_on' AS k, 0 AS m, OLD."starts_on" AS o, NEW."starts_on" AS n UNION ALL SELECT 'ends_on' AS k, 0 AS m, OLD."ends_on" AS o, NEW."ends_on" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_hospital_membership_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_membership_delete;
CREATE TRIGGER audit_hospital_membership_delete AFTER DELETE ON hospital_membership
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_membership', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'establishment_id', OLD."establishment_id", 'starts_on', OLD."starts_on", 'ends_on', OLD."ends_on"));
END;

-- object: trigger audit_scheduling_agenda_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_agenda_insert;
CREATE TRIGGER audit_scheduling_agenda_insert AFTER INSERT ON scheduling_agenda
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_agenda', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'department_id', NEW."department_id", 'is_active', NEW."is_active"));
END;

-- object: trigger audit_scheduling_agenda_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_agenda_update;
CREATE TRIGGER audit_scheduling_agenda_update AFTER UPDATE ON scheduling_agenda
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_agenda', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'practitioner_id' AS k, 0 AS m, OLD."practitioner_id" AS o, NEW."practitioner_id" AS n UNION ALL SELECT 'department_id' AS k, 0 AS m, OLD."department_id" AS o, NEW."department_id" AS n UNION ALL SELECT 'is_active' AS k, 0 AS m, OLD."is_active" AS o, NEW."is_active" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_agenda_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_agenda_delete;
CREATE TRIGGER audit_scheduling_agenda_delete AFTER DELETE ON scheduling_agenda
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_agenda', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'department_id', OLD."department_id", 'is_active', OLD."is_active"));
END;

-- object: trigger audit_scheduling_visitreason_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_visitreason_insert;
CREATE TRIGGER audit_scheduling_visitreason_insert AFTER INSERT ON scheduling_visitreason
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_visitreason', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'label', NEW."label", 'label_en', NEW."label_en", 'duration_minutes', NEW."duration_minutes", 'online_bookable', NEW."online_bookable", 'for_new_patients', NEW."for_new_patients", 'for_returning_patients', NEW."for_returning_patients", 'instructions', NEW."instructions", 'instructions_en', NEW."instructions_en"));
END;

-- object: trigger audit_scheduling_visitreason_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_visitreason_update;
CREATE TRIGGER audit_scheduling_visitreason_update AFTER UPDATE ON scheduling_visitreason
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_visitreason', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'label' AS k, 0 AS m, OLD."label" AS o, NEW."label" AS n UNION ALL SELECT 'label_en' AS k, 0 AS m, OLD."label_en" AS o, NEW."label_en" AS n UNION ALL SELECT 'duration_minutes' AS k, 0 AS m, OLD."duration_minutes" AS o, NEW."duration_minutes" AS n UNION ALL SELECT 'online_bookable' AS k, 0 AS m, OLD."online_bookable" AS o, NEW."online_bookable" AS n UNION ALL SELECT 'for_new_patients' AS k, 0 AS m, OLD."for_new_patients" AS o, NEW."for_new_patients" AS n UNION ALL SELECT 'for_returning_patients' AS k, 0 AS m, OLD."for_returning_patients" AS o, NEW."for_returning_patients" AS n UNION ALL SELECT 'instructions' AS k, 0 AS m, OLD."instructions" AS o, NEW."instructions" AS n UNION ALL SELECT 'instructions_en' AS k, 0 AS m, OLD."instructions_en" AS o, NEW."instructions_en" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_visitreason_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_visitreason_delete;
CREATE TRIGGER audit_scheduling_visitreason_delete AFTER DELETE ON scheduling_visitreason
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_visitreason', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'label', OLD."label", 'label_en', OLD."label_en", 'duration_minutes', OLD."duration_minutes", 'online_bookable', OLD."online_bookable", 'for_new_patients', OLD."for_new_patients", 'for_returning_patients', OLD."for_returning_patients", 'instructions', OLD."instructions", 'instructions_en', OLD."instructions_en"));
END;

-- object: trigger audit_scheduling_openingrule_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_insert;
CREATE TRIGGER audit_scheduling_openingrule_insert AFTER INSERT ON scheduling_openingrule
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_openingrule', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'weekday', NEW."weekday", 'start_time', NEW."start_time", 'end_time', NEW."end_time", 'valid_from', NEW."valid_from", 'valid_until', NEW."valid_until"));
END;

-- object: trigger audit_scheduling_openingrule_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_update;
CREATE TRIGGER audit_scheduling_openingrule_update AFTER UPDATE ON scheduling_openingrule
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_openingrule', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'weekday' AS k, 0 AS m, OLD."weekday" AS o, NEW."weekday" AS n UNION ALL SELECT 'start_time' AS k, 0 AS m, OLD."start_time" AS o, NEW."start_time" AS n UNION ALL SELECT 'end_time' AS k, 0 AS m, OLD."end_time" AS o, NEW."end_time" AS n UNION ALL SELECT 'valid_from' AS k, 0 AS m, OLD."valid_from" AS o, NEW."valid_from" AS n UNION ALL SELECT 'valid_until' AS k, 0 AS m, OLD."valid_until" AS o, NEW."valid_until" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_openingrule_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_delete;
CREATE TRIGGER audit_scheduling_openingrule_delete AFTER DELETE ON scheduling_openingrule
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_openingrule', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'weekday', OLD."weekday", 'start_time', OLD."start_time", 'end_time', OLD."end_time", 'valid_from', OLD."valid_from", 'valid_until', OLD."valid_until"));
END;

-- object: trigger audit_scheduling_openingrule_reasons_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_reasons_insert;
CREATE TRIGGER audit_scheduling_openingrule_reasons_insert AFTER INSERT ON scheduling_openingrule_reasons
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_openingrule_reasons', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'openingrule_id', NEW."openingrule_id", 'visitreason_id', NEW."visitreason_id"));
END;

-- object: trigger audit_scheduling_openingrule_reasons_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_reasons_update;
CREATE TRIGGER audit_scheduling_openingrule_reasons_update AFTER UPDATE ON scheduling_openingrule_reasons
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_openingrule_reasons', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'openingrule_id' AS k, 0 AS m, OLD."openingrule_id" AS o, NEW."openingrule_id" AS n UNION ALL SELECT 'visitreason_id' AS k, 0 AS m, OLD."visitreason_id" AS o, NEW."visitreason_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_openingrule_reasons_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_reasons_delete;
CREATE TRIGGER audit_scheduling_openingrule_reasons_delete AFTER DELETE ON scheduling_openingrule_reasons
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_openingrule_reasons', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'openingrule_id', OLD."openingrule_id", 'visitreason_id', OLD."visitreason_id"));
END;

-- object: trigger audit_scheduling_absence_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_absence_insert;
CREATE TRIGGER audit_scheduling_absence_insert AFTER INSERT ON scheduling_absence
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_absence', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'start', NEW."start", 'end', NEW."end", 'label', NEW."label"));
END;

-- object: trigger audit_scheduling_absence_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_absence_update;
CREATE TRIGGER audit_scheduling_absence_update AFTER UPDATE ON scheduling_absence
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_absence', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'start' AS k, 0 AS m, OLD."start" AS o, NEW."start" AS n UNION ALL SELECT 'end' AS k, 0 AS m, OLD."end" AS o, NEW."end" AS n UNION ALL SELECT 'label' AS k, 0 AS m, OLD."label" AS o, NEW."label" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_absence_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_absence_delete;
CREATE TRIGGER audit_scheduling_absence_delete AFTER DELETE ON scheduling_absence
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_absence', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'start', OLD."start", 'end', OLD."end", 'label', OLD."label"));
END;

-- object: trigger audit_scheduling_slot_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_slot_insert;
CREATE TRIGGER audit_scheduling_slot_insert AFTER INSERT ON scheduling_slot
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_slot', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'start', NEW."start", 'end', NEW."end", 'status', NEW."status", 'rule_id', NEW."rule_id"));
END;

-- object: trigger audit_scheduling_slot_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_slot_update;
CREATE TRIGGER audit_scheduling_slot_update AFTER UPDATE ON scheduling_slot
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_slot', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'start' AS k, 0 AS m, OLD."start" AS o, NEW."start" AS n UNION ALL SELECT 'end' AS k, 0 AS m, OLD."end" AS o, NEW."end" AS n UNION ALL SELECT 'status' AS k, 0 AS m, OLD."status" AS o, NEW."status" AS n UNION ALL SELECT 'rule_id' AS k, 0 AS m, OLD."rule_id" AS o, NEW."rule_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_slot_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_slot_delete;
CREATE TRIGGER audit_scheduling_slot_delete AFTER DELETE ON scheduling_slot
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_slot', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'start', OLD."start", 'end', OLD."end", 'status', OLD."status", 'rule_id', OLD."rule_id"));
END;

-- object: trigger audit_scheduling_patient_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_patient_insert;
CREATE TRIGGER audit_scheduling_patient_insert AFTER INSERT ON scheduling_patient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_patient', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'first_name', CASE WHEN NEW."first_name" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."first_name" AS TEXT)) END, 'last_name', CASE WHEN NEW."last_name" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."last_name" AS TEXT)) END, 'birth_date', CASE WHEN NEW."birth_date" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."birth_date" AS TEXT)) END, 'email', CASE WHEN NEW."email" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."email" AS TEXT)) END, 'phone', CASE WHEN NEW."phone" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."phone" AS TEXT)) END, 'ins', CASE WHEN NEW."ins" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."ins" AS TEXT)) END, 'sms_consent', NEW."sms_consent", 'language', NEW."language", 'created_at', NEW."created_at"));
END;

-- object: trigger audit_scheduling_patient_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_patient_update;
CREATE TRIGGER audit_scheduling_patient_update AFTER UPDATE ON scheduling_patient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_patient', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'public_id' AS k, 0 AS m, OLD."public_id" AS o, NEW."public_id" AS n UNION ALL SELECT 'first_name' AS k, 1 AS m, OLD."first_name" AS o, NEW."first_name" AS n UNION ALL SELECT 'last_name' AS k, 1 AS m, OLD."last_name" AS o, NEW."last_name" AS n UNION ALL SELECT 'birth_date' AS k, 1 AS m, OLD."birth_date" AS o, NEW."birth_date" AS n UNION ALL SELECT 'email' AS k, 1 AS m, OLD."email" AS o, NEW."email" AS n UNION ALL SELECT 'phone' AS k, 1 AS m, OLD."phone" AS o, NEW."phone" AS n UNION ALL SELECT 'ins' AS k, 1 AS m, OLD."ins" AS o, NEW."ins" AS n UNION ALL SELECT 'sms_consent' AS k, 0 AS m, OLD."sms_consent" AS o, NEW."sms_consent" AS n UNION ALL SELECT 'language' AS k, 0 AS m, OLD."language" AS o, NEW."language" AS n UNION ALL SELECT 'created_at' AS k, 0 AS m, OLD."created_at" AS o, NEW."created_at" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_patient_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_patient_delete;
CREATE TRIGGER audit_scheduling_patient_delete AFTER DELETE ON scheduling_patient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_patient', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'first_name', CASE WHEN OLD."first_name" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."first_name" AS TEXT)) END, 'last_name', CASE WHEN OLD."last_name" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."last_name" AS TEXT)) END, 'birth_date', CASE WHEN OLD."birth_date" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."birth_date" AS TEXT)) END, 'email', CASE WHEN OLD."email" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."email" AS TEXT)) END, 'phone', CASE WHEN OLD."phone" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."phone" AS TEXT)) END, 'ins', CASE WHEN OLD."ins" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."ins" AS TEXT)) END, 'sms_consent', OLD."sms_consent", 'language', OLD."language", 'created_at', OLD."created_at"));
END;

-- object: trigger audit_scheduling_erasure_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_erasure_insert;
CREATE TRIGGER audit_scheduling_erasure_insert AFTER INSERT ON scheduling_erasure
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_erasure', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'patient_id', NEW."patient_id", 'basis', NEW."basis", 'reason', NEW."reason", 'erased_at', NEW."erased_at", 'erased_by_id', NEW."erased_by_id"));
END;

-- object: trigger audit_scheduling_erasure_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_erasure_update;
CREATE TRIGGER audit_scheduling_erasure_update AFTER UPDATE ON scheduling_erasure
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_erasure', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'patient_id' AS k, 0 AS m, OLD."patient_id" AS o, NEW."patient_id" AS n UNION ALL SELECT 'basis' AS k, 0 AS m, OLD."basis" AS o, NEW."basis" AS n UNION ALL SELECT 'reason' AS k, 0 AS m, OLD."reason" AS o, NEW."reason" AS n UNION ALL SELECT 'erased_at' AS k, 0 AS m, OLD."erased_at" AS o, NEW."erased_at" AS n UNION ALL SELECT 'erased_by_id' AS k, 0 AS m, OLD."erased_by_id" AS o, NEW."erased_by_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_erasure_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_erasure_delete;
CREATE TRIGGER audit_scheduling_erasure_delete AFTER DELETE ON scheduling_erasure
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_erasure', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'patient_id', OLD."patient_id", 'basis', OLD."basis", 'reason', OLD."reason", 'erased_at', OLD."erased_at", 'erased_by_id', OLD."erased_by_id"));
END;

-- object: trigger audit_scheduling_booking_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_booking_insert;
CREATE TRIGGER audit_scheduling_booking_insert AFTER INSERT ON scheduling_booking
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_booking', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'slot_id', NEW."slot_id", 'patient_id', NEW."patient_id", 'reason_id', NEW."reason_id", 'channel', NEW."channel", 'status', NEW."status", 'created_at', NEW."created_at", 'created_by_id', NEW."created_by_id", 'cancelled_at', NEW."cancelled_at", 'cancelled_by_id', NEW."cancelled_by_id", 'cancel_reason', CASE WHEN NEW."cancel_reason" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."cancel_reason" AS TEXT)) END, 'hold_expires_at', NEW."hold_expires_at", 'confirmation_digest', CASE WHEN NEW."confirmation_digest" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."confirmation_digest" AS TEXT)) END, 'confirmation_attempts', NEW."confirmation_attempts", 'code_round', NEW."code_round", 'sequence', NEW."sequence", 'to_rebook', NEW."to_rebook", 'checked_in_at', NEW."checked_in_at", 'updated_at', NEW."updated_at", 'idempotency_key', NEW."idempotency_key", 'held_by', NEW."held_by"));
END;

-- object: trigger audit_scheduling_booking_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_booking_update;
CREATE TRIGGER audit_scheduling_booking_update AFTER UPDATE ON scheduling_booking
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_booking', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'public_id' AS k, 0 AS m, OLD."public_id" AS o, NEW."public_id" AS n UNION ALL SELECT 'slot_id' AS k, 0 AS m, OLD."slot_id" AS o, NEW."slot_id" AS n UNION ALL SELECT 'patient_id' AS k, 0 AS m, OLD."patient_id" AS o, NEW."patient_id" AS n UNION ALL SELECT 'reason_id' AS k, 0 AS m, OLD."reason_id" AS o, NEW."reason_id" AS n UNION ALL SELECT 'channel' AS k, 0 AS m, OLD."channel" AS o, NEW."channel" AS n UNION ALL SELECT 'status' AS k, 0 AS m, OLD."status" AS o, NEW."status" AS n UNION ALL SELECT 'created_at' AS k, 0 AS m, OLD."created_at" AS o, NEW."created_at" AS n UNION ALL SELECT 'created_by_id' AS k, 0 AS m, OLD."created_by_id" AS o, NEW."created_by_id" AS n UNION ALL SELECT 'cancelled_at' AS k, 0 AS m, OLD."cancelled_at" AS o, NEW."cancelled_at" AS n UNION ALL SELECT 'cancelled_by_id' AS k, 0 AS m, OLD."cancelled_by_id" AS o, NEW."cancelled_by_id" AS n UNION ALL SELECT 'cancel_reason' AS k, 1 AS m, OLD."cancel_reason" AS o, NEW."cancel_reason" AS n UNION ALL SELECT 'hold_expires_at' AS k, 0 AS m, OLD."hold_expires_at" AS o, NEW."hold_expires_at" AS n UNION ALL SELECT 'confirmation_digest' AS k, 1 AS m, OLD."confirmation_digest" AS o, NEW."confirmation_digest" AS n UNION ALL SELECT 'confirmation_attempts' AS k, 0 AS m, OLD."confirmation_attempts" AS o, NEW."confirmation_attempts" AS n UNION ALL SELECT 'code_round' AS k, 0 AS m, OLD."code_round" AS o, NEW."code_round" AS n UNION ALL SELECT 'sequence' AS k, 0 AS m, OLD."sequence" AS o, NEW."sequence" AS n UNION ALL SELECT 'to_rebook' AS k, 0 AS m, OLD."to_rebook" AS o, NEW."to_rebook" AS n UNION ALL SELECT 'checked_in_at' AS k, 0 AS m, OLD."checked_in_at" AS o, NEW."checked_in_at" AS n UNION ALL SELECT 'updated_at' AS k, 0 AS m, OLD."updated_at" AS o, NEW."updated_at" AS n UNION ALL SELECT 'idempotency_key' AS k, 0 AS m, OLD."idempotency_key" AS o, NEW."idempotency_key" AS n UNION ALL SELECT 'held_by' AS k, 0 AS m, OLD."held_by" AS o, NEW."held_by" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_booking_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_booking_delete;
CREATE TRIGGER audit_scheduling_booking_delete AFTER DELETE ON scheduling_booking
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_booking', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'slot_id', OLD."slot_id", 'patient_id', OLD."patient_id", 'reason_id', OLD."reason_id", 'channel', OLD."channel", 'status', OLD."status", 'created_at', OLD."created_at", 'created_by_id', OLD."created_by_id", 'cancelled_at', OLD."cancelled_at", 'cancelled_by_id', OLD."cancelled_by_id", 'cancel_reason', CASE WHEN OLD."cancel_reason" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."cancel_reason" AS TEXT)) END, 'hold_expires_at', OLD."hold_expires_at", 'confirmation_digest', CASE WHEN OLD."confirmation_digest" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."confirmation_digest" AS TEXT)) END, 'confirmation_attempts', OLD."confirmation_attempts", 'code_round', OLD."code_round", 'sequence', OLD."sequence", 'to_rebook', OLD."to_rebook", 'checked_in_at', OLD."checked_in_at", 'updated_at', OLD."updated_at", 'idempotency_key', OLD."idempotency_key", 'held_by', OLD."held_by"));
END;

-- object: trigger audit_scheduling_calendarfeed_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_calendarfeed_insert;
CREATE TRIGGER audit_scheduling_calendarfeed_insert AFTER INSERT ON scheduling_calendarfeed
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_calendarfeed', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'token_digest', CASE WHEN NEW."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."token_digest" AS TEXT)) END, 'created_at', NEW."created_at"));
END;

-- object: trigger audit_scheduling_calendarfeed_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_calendarfeed_update;
CREATE TRIGGER audit_scheduling_calendarfeed_update AFTER UPDATE ON scheduling_calendarfeed
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_calendarfeed', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'practitioner_id' AS k, 0 AS m, OLD."practitioner_id" AS o, NEW."practitioner_id" AS n UNION ALL SELECT 'token_digest' AS k, 1 AS m, OLD."token_digest" AS o, NEW."token_digest" AS n UNION ALL SELECT 'created_at' AS k, 0 AS m, OLD."created_at" AS o, NEW."created_at" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_calendarfeed_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_calendarfeed_delete;
CREATE TRIGGER audit_scheduling_calendarfeed_delete AFTER DELETE ON scheduling_calendarfeed
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_calendarfeed', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'token_digest', CASE WHEN OLD."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."token_digest" AS TEXT)) END, 'created_at', OLD."created_at"));
END;

-- object: trigger audit_scheduling_waitlistentry_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_waitlistentry_insert;
CREATE TRIGGER audit_scheduling_waitlistentry_insert AFTER INSERT ON scheduling_waitlistentry
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_waitlistentry', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'patient_id', NEW."patient_id", 'reason_id', NEW."reason_id", 'specialty_id', NEW."specialty_id", 'establishment_id', NEW."establishment_id", 'returning', NEW."returning", 'wanted_before', NEW."wanted_before", 'status', NEW."status", 'offer_id', NEW."offer_id", 'created_at', NEW."created_at"));
END;

-- object: trigger audit_scheduling_waitlistentry_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_waitlistentry_update;
CREATE TRIGGER audit_scheduling_waitlistentry_update AFTER UPDATE ON scheduling_waitlistentry
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_waitlistentry', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'public_id' AS k, 0 AS m, OLD."public_id" AS o, NEW."public_id" AS n UNION ALL SELECT 'patient_id' AS k, 0 AS m, OLD."patient_id" AS o, NEW."patient_id" AS n UNION ALL SELECT 'reason_id' AS k, 0 AS m, OLD."reason_id" AS o, NEW."reason_id" AS n UNION ALL SELECT 'specialty_id' AS k, 0 AS m, OLD."specialty_id" AS o, NEW."specialty_id" AS n UNION ALL SELECT 'establishment_id' AS k, 0 AS m, OLD."establishment_id" AS o, NEW."establishment_id" AS n UNION ALL SELECT 'returning' AS k, 0 AS m, OLD."returning" AS o, NEW."returning" AS n UNION ALL SELECT 'wanted_before' AS k, 0 AS m, OLD."wanted_before" AS o, NEW."wanted_before" AS n UNION ALL SELECT 'status' AS k, 0 AS m, OLD."status" AS o, NEW."status" AS n UNION ALL SELECT 'offer_id' AS k, 0 AS m, OLD."offer_id" AS o, NEW."offer_id" AS n UNION ALL SELECT 'created_at' AS k, 0 AS m, OLD."created_at" AS o, NEW."created_at" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_waitlistentry_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_waitlistentry_delete;
CREATE TRIGGER audit_scheduling_waitlistentry_delete AFTER DELETE ON scheduling_waitlistentry
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_waitlistentry', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'patient_id', OLD."patient_id", 'reason_id', OLD."reason_id", 'specialty_id', OLD."specialty_id", 'establishment_id', OLD."establishment_id", 'returning', OLD."returning", 'wanted_before', OLD."wanted_before", 'status', OLD."status", 'offer_id', OLD."offer_id", 'created_at', OLD."created_at"));
END;

-- object: trigger audit_scheduling_apiclient_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_insert;
CREATE TRIGGER audit_scheduling_apiclient_insert AFTER INSERT ON scheduling_apiclient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_apiclient', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'name', NEW."name", 'user_id', NEW."user_id", 'token_digest', CASE WHEN NEW."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."token_digest" AS TEXT)) END, 'token_prefix', NEW."token_prefix", 'is_active', NEW."is_active", 'kind', NEW."kind", 'can_read', NEW."can_read", 'can_book', NEW."can_book", 'created_at', NEW."created_at"));
END;

-- object: trigger audit_scheduling_apiclient_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_update;
CREATE TRIGGER audit_scheduling_apiclient_update AFTER UPDATE ON scheduling_apiclient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_apiclient', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'public_id' AS k, 0 AS m, OLD."public_id" AS o, NEW."public_id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n UNION ALL SELECT 'token_digest' AS k, 1 AS m, OLD."token_digest" AS o, NEW."token_digest" AS n UNION ALL SELECT 'token_prefix' AS k, 0 AS m, OLD."token_prefix" AS o, NEW."token_prefix" AS n UNION ALL SELECT 'is_active' AS k, 0 AS m, OLD."is_active" AS o, NEW."is_active" AS n UNION ALL SELECT 'kind' AS k, 0 AS m, OLD."kind" AS o, NEW."kind" AS n UNION ALL SELECT 'can_read' AS k, 0 AS m, OLD."can_read" AS o, NEW."can_read" AS n UNION ALL SELECT 'can_book' AS k, 0 AS m, OLD."can_book" AS o, NEW."can_book" AS n UNION ALL SELECT 'created_at' AS k, 0 AS m, OLD."created_at" AS o, NEW."created_at" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_apiclient_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_delete;
CREATE TRIGGER audit_scheduling_apiclient_delete AFTER DELETE ON scheduling_apiclient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_apiclient', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'name', OLD."name", 'user_id', OLD."user_id", 'token_digest', CASE WHEN OLD."token_digest" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."token_digest" AS TEXT)) END, 'token_prefix', OLD."token_prefix", 'is_active', OLD."is_active", 'kind', OLD."kind", 'can_read', OLD."can_read", 'can_book', OLD."can_book", 'created_at', OLD."created_at"));
END;

-- object: trigger audit_scheduling_apiclient_establishments_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_establishments_insert;
CREATE TRIGGER audit_scheduling_apiclient_establishments_insert AFTER INSERT ON scheduling_apiclient_establishments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_apiclient_establishments', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'apiclient_id', NEW."apiclient_id", 'establishment_id', NEW."establishment_id"));
END;

-- object: trigger audit_scheduling_apiclient_establishments_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_establishments_update;
CREATE TRIGGER audit_scheduling_apiclient_establishments_update AFTER UPDATE ON scheduling_apiclient_establishments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_apiclient_establishments', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'apiclient_id' AS k, 0 AS m, OLD."apiclient_id" AS o, NEW."apiclient_id" AS n UNION ALL SELECT 'establishment_id' AS k, 0 AS m, OLD."establishment_id" AS o, NEW."establishment_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_apiclient_establishments_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_establishments_delete;
CREATE TRIGGER audit_scheduling_apiclient_establishments_delete AFTER DELETE ON scheduling_apiclient_establishments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_apiclient_establishments', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'apiclient_id', OLD."apiclient_id", 'establishment_id', OLD."establishment_id"));
END;

-- object: trigger audit_scheduling_apiclient_departments_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_departments_insert;
CREATE TRIGGER audit_scheduling_apiclient_departments_insert AFTER INSERT ON scheduling_apiclient_departments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_apiclient_departments', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'apiclient_id', NEW."apiclient_id", 'department_id', NEW."department_id"));
END;

-- object: trigger audit_scheduling_apiclient_departments_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_departments_update;
CREATE TRIGGER audit_scheduling_apiclient_departments_update AFTER UPDATE ON scheduling_apiclient_departments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_apiclient_departments', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'apiclient_id' AS k, 0 AS m, OLD."apiclient_id" AS o, NEW."apiclient_id" AS n UNION ALL SELECT 'department_id' AS k, 0 AS m, OLD."department_id" AS o, NEW."department_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_apiclient_departments_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_departments_delete;
CREATE TRIGGER audit_scheduling_apiclient_departments_delete AFTER DELETE ON scheduling_apiclient_departments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_apiclient_departments', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'apiclient_id', OLD."apiclient_id", 'department_id', OLD."department_id"));
END;

-- object: trigger audit_scheduling_partneroptin_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_partneroptin_insert;
CREATE TRIGGER audit_scheduling_partneroptin_insert AFTER INSERT ON scheduling_partneroptin
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_partneroptin', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'client_id', NEW."client_id", 'created_at', NEW."created_at", 'created_by_id', NEW."created_by_id"));
END;

-- object: trigger audit_scheduling_partneroptin_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_partneroptin_update;
CREATE TRIGGER audit_scheduling_partneroptin_update AFTER UPDATE ON scheduling_partneroptin
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_partneroptin', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'agenda_id' AS k, 0 AS m, OLD."agenda_id" AS o, NEW."agenda_id" AS n UNION ALL SELECT 'client_id' AS k, 0 AS m, OLD."client_id" AS o, NEW."client_id" AS n UNION ALL SELECT 'created_at' AS k, 0 AS m, OLD."created_at" AS o, NEW."created_at" AS n UNION ALL SELECT 'created_by_id' AS k, 0 AS m, OLD."created_by_id" AS o, NEW."created_by_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_partneroptin_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_partneroptin_delete;
CREATE TRIGGER audit_scheduling_partneroptin_delete AFTER DELETE ON scheduling_partneroptin
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_partneroptin', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'client_id', OLD."client_id", 'created_at', OLD."created_at", 'created_by_id', OLD."created_by_id"));
END;

-- object: trigger audit_scheduling_callcentre_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_insert;
CREATE TRIGGER audit_scheduling_callcentre_insert AFTER INSERT ON scheduling_callcentre
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_callcentre', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'is_active', NEW."is_active"));
END;

-- object: trigger audit_scheduling_callcentre_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_update;
CREATE TRIGGER audit_scheduling_callcentre_update AFTER UPDATE ON scheduling_callcentre
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_callcentre', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'is_active' AS k, 0 AS m, OLD."is_active" AS o, NEW."is_active" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_callcentre_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_delete;
CREATE TRIGGER audit_scheduling_callcentre_delete AFTER DELETE ON scheduling_callcentre
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_callcentre', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'is_active', OLD."is_active"));
END;

-- object: trigger audit_scheduling_callcentre_establishments_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_establishments_insert;
CREATE TRIGGER audit_scheduling_callcentre_establishments_insert AFTER INSERT ON scheduling_callcentre_establishments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_callcentre_establishments', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'callcentre_id', NEW."callcentre_id", 'establishment_id', NEW."establishment_id"));
END;

-- object: trigger audit_scheduling_callcentre_establishments_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_establishments_update;
CREATE TRIGGER audit_scheduling_callcentre_establishments_update AFTER UPDATE ON scheduling_callcentre_establishments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_callcentre_establishments', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'callcentre_id' AS k, 0 AS m, OLD."callcentre_id" AS o, NEW."callcentre_id" AS n UNION ALL SELECT 'establishment_id' AS k, 0 AS m, OLD."establishment_id" AS o, NEW."establishment_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_callcentre_establishments_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_establishments_delete;
CREATE TRIGGER audit_scheduling_callcentre_establishments_delete AFTER DELETE ON scheduling_callcentre_establishments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_callcentre_establishments', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'callcentre_id', OLD."callcentre_id", 'establishment_id', OLD."establishment_id"));
END;

-- object: trigger audit_scheduling_callcentre_specialties_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_specialties_insert;
CREATE TRIGGER audit_scheduling_callcentre_specialties_insert AFTER INSERT ON scheduling_callcentre_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_callcentre_specialties', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'callcentre_id', NEW."callcentre_id", 'specialty_id', NEW."specialty_id"));
END;

-- object: trigger audit_scheduling_callcentre_specialties_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_specialties_update;
CREATE TRIGGER audit_scheduling_callcentre_specialties_update AFTER UPDATE ON scheduling_callcentre_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_callcentre_specialties', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'callcentre_id' AS k, 0 AS m, OLD."callcentre_id" AS o, NEW."callcentre_id" AS n UNION ALL SELECT 'specialty_id' AS k, 0 AS m, OLD."specialty_id" AS o, NEW."specialty_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_callcentre_specialties_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_specialties_delete;
CREATE TRIGGER audit_scheduling_callcentre_specialties_delete AFTER DELETE ON scheduling_callcentre_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_callcentre_specialties', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'callcentre_id', OLD."callcentre_id", 'specialty_id', OLD."specialty_id"));
END;

-- object: trigger audit_scheduling_callcentreagent_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentreagent_insert;
CREATE TRIGGER audit_scheduling_callcentreagent_insert AFTER INSERT ON scheduling_callcentreagent
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_callcentreagent', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'user_id', NEW."user_id", 'call_centre_id', NEW."call_centre_id"));
END;

-- object: trigger audit_scheduling_callcentreagent_update
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentreagent_update;
CREATE TRIGGER audit_scheduling_callcentreagent_update AFTER UPDATE ON scheduling_callcentreagent
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'scheduling_callcentreagent', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n UNION ALL SELECT 'call_centre_id' AS k, 0 AS m, OLD."call_centre_id" AS o, NEW."call_centre_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_scheduling_callcentreagent_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentreagent_delete;
CREATE TRIGGER audit_scheduling_callcentreagent_delete AFTER DELETE ON scheduling_callcentreagent
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_callcentreagent', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'user_id', OLD."user_id", 'call_centre_id', OLD."call_centre_id"));
END;

-- object: trigger audit_auth_user_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_insert;
CREATE TRIGGER audit_auth_user_insert AFTER INSERT ON auth_user
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_user', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'password', CASE WHEN NEW."password" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."password" AS TEXT)) END, 'last_login', NEW."last_login", 'is_superuser', NEW."is_superuser", 'username', NEW."username", 'first_name', NEW."first_name", 'last_name', NEW."last_name", 'email', NEW."email", 'is_staff', NEW."is_staff", 'is_active', NEW."is_active", 'date_joined', NEW."date_joined"));
END;

-- object: trigger audit_auth_user_update
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_update;
CREATE TRIGGER audit_auth_user_update AFTER UPDATE ON auth_user
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'auth_user', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'password' AS k, 1 AS m, OLD."password" AS o, NEW."password" AS n UNION ALL SELECT 'last_login' AS k, 0 AS m, OLD."last_login" AS o, NEW."last_login" AS n UNION ALL SELECT 'is_superuser' AS k, 0 AS m, OLD."is_superuser" AS o, NEW."is_superuser" AS n UNION ALL SELECT 'username' AS k, 0 AS m, OLD."username" AS o, NEW."username" AS n UNION ALL SELECT 'first_name' AS k, 0 AS m, OLD."first_name" AS o, NEW."first_name" AS n UNION ALL SELECT 'last_name' AS k, 0 AS m, OLD."last_name" AS o, NEW."last_name" AS n UNION ALL SELECT 'email' AS k, 0 AS m, OLD."email" AS o, NEW."email" AS n UNION ALL SELECT 'is_staff' AS k, 0 AS m, OLD."is_staff" AS o, NEW."is_staff" AS n UNION ALL SELECT 'is_active' AS k, 0 AS m, OLD."is_active" AS o, NEW."is_active" AS n UNION ALL SELECT 'date_joined' AS k, 0 AS m, OLD."date_joined" AS o, NEW."date_joined" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_auth_user_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_delete;
CREATE TRIGGER audit_auth_user_delete AFTER DELETE ON auth_user
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_user', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'password', CASE WHEN OLD."password" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."password" AS TEXT)) END, 'last_login', OLD."last_login", 'is_superuser', OLD."is_superuser", 'username', OLD."username", 'first_name', OLD."first_name", 'last_name', OLD."last_name", 'email', OLD."email", 'is_staff', OLD."is_staff", 'is_active', OLD."is_active", 'date_joined', OLD."date_joined"));
END;

-- object: trigger audit_auth_user_groups_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_groups_insert;
CREATE TRIGGER audit_auth_user_groups_insert AFTER INSERT ON auth_user_groups
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_user_groups', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'user_id', NEW."user_id", 'group_id', NEW."group_id"));
END;

-- object: trigger audit_auth_user_groups_update
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_groups_update;
CREATE TRIGGER audit_auth_user_groups_update AFTER UPDATE ON auth_user_groups
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'auth_user_groups', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n UNION ALL SELECT 'group_id' AS k, 0 AS m, OLD."group_id" AS o, NEW."group_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_auth_user_groups_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_groups_delete;
CREATE TRIGGER audit_auth_user_groups_delete AFTER DELETE ON auth_user_groups
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_user_groups', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'user_id', OLD."user_id", 'group_id', OLD."group_id"));
END;

-- object: trigger audit_auth_user_user_permissions_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_user_permissions_insert;
CREATE TRIGGER audit_auth_user_user_permissions_insert AFTER INSERT ON auth_user_user_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_user_user_permissions', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'user_id', NEW."user_id", 'permission_id', NEW."permission_id"));
END;

-- object: trigger audit_auth_user_user_permissions_update
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_user_permissions_update;
CREATE TRIGGER audit_auth_user_user_permissions_update AFTER UPDATE ON auth_user_user_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'auth_user_user_permissions', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n UNION ALL SELECT 'permission_id' AS k, 0 AS m, OLD."permission_id" AS o, NEW."permission_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_auth_user_user_permissions_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_user_permissions_delete;
CREATE TRIGGER audit_auth_user_user_permissions_delete AFTER DELETE ON auth_user_user_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_user_user_permissions', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'user_id', OLD."user_id", 'permission_id', OLD."permission_id"));
END;

-- object: trigger audit_auth_group_permissions_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_permissions_insert;
CREATE TRIGGER audit_auth_group_permissions_insert AFTER INSERT ON auth_group_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_group_permissions', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'group_id', NEW."group_id", 'permission_id', NEW."permission_id"));
END;

-- object: trigger audit_auth_group_permissions_update
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_permissions_update;
CREATE TRIGGER audit_auth_group_permissions_update AFTER UPDATE ON auth_group_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'auth_group_permissions', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'group_id' AS k, 0 AS m, OLD."group_id" AS o, NEW."group_id" AS n UNION ALL SELECT 'permission_id' AS k, 0 AS m, OLD."permission_id" AS o, NEW."permission_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_auth_group_permissions_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_permissions_delete;
CREATE TRIGGER audit_auth_group_permissions_delete AFTER DELETE ON auth_group_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_group_permissions', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'group_id', OLD."group_id", 'permission_id', OLD."permission_id"));
END;

-- object: trigger audit_guardian_userobjectpermission_insert
-- drop: DROP TRIGGER IF EXISTS audit_guardian_userobjectpermission_insert;
CREATE TRIGGER audit_guardian_userobjectpermission_insert AFTER INSERT ON guardian_userobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'guardian_userobjectpermission', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'permission_id', NEW."permission_id", 'content_type_id', NEW."content_type_id", 'object_pk', NEW."object_pk", 'user_id', NEW."user_id"));
END;

-- object: trigger audit_guardian_userobjectpermission_update
-- drop: DROP TRIGGER IF EXISTS audit_guardian_userobjectpermission_update;
CREATE TRIGGER audit_guardian_userobjectpermission_update AFTER UPDATE ON guardian_userobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'guardian_userobjectpermission', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'permission_id' AS k, 0 AS m, OLD."permission_id" AS o, NEW."permission_id" AS n UNION ALL SELECT 'content_type_id' AS k, 0 AS m, OLD."content_type_id" AS o, NEW."content_type_id" AS n UNION ALL SELECT 'object_pk' AS k, 0 AS m, OLD."object_pk" AS o, NEW."object_pk" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_guardian_userobjectpermission_delete
-- drop: DROP TRIGGER IF EXISTS audit_guardian_userobjectpermission_delete;
CREATE TRIGGER audit_guardian_userobjectpermission_delete AFTER DELETE ON guardian_userobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'guardian_userobjectpermission', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'permission_id', OLD."permission_id", 'content_type_id', OLD."content_type_id", 'object_pk', OLD."object_pk", 'user_id', OLD."user_id"));
END;

-- object: trigger audit_guardian_groupobjectpermission_insert
-- drop: DROP TRIGGER IF EXISTS audit_guardian_groupobjectpermission_insert;
CREATE TRIGGER audit_guardian_groupobjectpermission_insert AFTER INSERT ON guardian_groupobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'guardian_groupobjectpermission', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'permission_id', NEW."permission_id", 'content_type_id', NEW."content_type_id", 'object_pk', NEW."object_pk", 'group_id', NEW."group_id"));
END;

-- object: trigger audit_guardian_groupobjectpermission_update
-- drop: DROP TRIGGER IF EXISTS audit_guardian_groupobjectpermission_update;
CREATE TRIGGER audit_guardian_groupobjectpermission_update AFTER UPDATE ON guardian_groupobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'guardian_groupobjectpermission', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'permission_id' AS k, 0 AS m, OLD."permission_id" AS o, NEW."permission_id" AS n UNION ALL SELECT 'content_type_id' AS k, 0 AS m, OLD."content_type_id" AS o, NEW."content_type_id" AS n UNION ALL SELECT 'object_pk' AS k, 0 AS m, OLD."object_pk" AS o, NEW."object_pk" AS n UNION ALL SELECT 'group_id' AS k, 0 AS m, OLD."group_id" AS o, NEW."group_id" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_guardian_groupobjectpermission_delete
-- drop: DROP TRIGGER IF EXISTS audit_guardian_groupobjectpermission_delete;
CREATE TRIGGER audit_guardian_groupobjectpermission_delete AFTER DELETE ON guardian_groupobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'guardian_groupobjectpermission', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'permission_id', OLD."permission_id", 'content_type_id', OLD."content_type_id", 'object_pk', OLD."object_pk", 'group_id', OLD."group_id"));
END;

-- object: trigger audit_auth_group_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_insert;
CREATE TRIGGER audit_auth_group_insert AFTER INSERT ON auth_group
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_group', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name"));
END;

-- object: trigger audit_auth_group_update
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_update;
CREATE TRIGGER audit_auth_group_update AFTER UPDATE ON auth_group
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'auth_group', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_auth_group_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_delete;
CREATE TRIGGER audit_auth_group_delete AFTER DELETE ON auth_group
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_group', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name"));
END;

-- object: trigger audit_auth_permission_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_permission_insert;
CREATE TRIGGER audit_auth_permission_insert AFTER INSERT ON auth_permission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_permission', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'content_type_id', NEW."content_type_id", 'codename', NEW."codename"));
END;

-- object: trigger audit_auth_permission_update
-- drop: DROP TRIGGER IF EXISTS audit_auth_permission_update;
CREATE TRIGGER audit_auth_permission_update AFTER UPDATE ON auth_permission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'auth_permission', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'content_type_id' AS k, 0 AS m, OLD."content_type_id" AS o, NEW."content_type_id" AS n UNION ALL SELECT 'codename' AS k, 0 AS m, OLD."codename" AS o, NEW."codename" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_auth_permission_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_permission_delete;
CREATE TRIGGER audit_auth_permission_delete AFTER DELETE ON auth_permission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_permission', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'content_type_id', OLD."content_type_id", 'codename', OLD."codename"));
END;

-- object: trigger audit_django_content_type_insert
-- drop: DROP TRIGGER IF EXISTS audit_django_content_type_insert;
CREATE TRIGGER audit_django_content_type_insert AFTER INSERT ON django_content_type
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'django_content_type', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'app_label', NEW."app_label", 'model', NEW."model"));
END;

-- object: trigger audit_django_content_type_update
-- drop: DROP TRIGGER IF EXISTS audit_django_content_type_update;
CREATE TRIGGER audit_django_content_type_update AFTER UPDATE ON django_content_type
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'django_content_type', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'app_label' AS k, 0 AS m, OLD."app_label" AS o, NEW."app_label" AS n UNION ALL SELECT 'model' AS k, 0 AS m, OLD."model" AS o, NEW."model" AS n) WHERE o IS NOT n));
END;

-- object: trigger audit_django_content_type_delete
-- drop: DROP TRIGGER IF EXISTS audit_django_content_type_delete;
CREATE TRIGGER audit_django_content_type_delete AFTER DELETE ON django_content_type
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'django_content_type', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'app_label', OLD."app_label", 'model', OLD."model"));
END;

-- object: table platform_maintenance
-- drop: DROP TABLE IF EXISTS platform_maintenance;
CREATE TABLE IF NOT EXISTS platform_maintenance (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

-- object: table platform_time_zone
-- drop: DROP TABLE IF EXISTS platform_time_zone;
CREATE TABLE IF NOT EXISTS platform_time_zone (
    since TEXT PRIMARY KEY,
    utc_offset_seconds INTEGER NOT NULL,
    zone TEXT NOT NULL
) WITHOUT ROWID;

-- object: trigger scheduling_slot.platform_canonical_datetimes_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__platform_canonical_datetimes_insert;
CREATE TRIGGER scheduling_slot__platform_canonical_datetimes_insert
BEFORE INSERT ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_slot.start must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."start" IS NOT NULL AND NOT (typeof(NEW."start") = 'text' AND substr(NEW."start", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."start") AND (length(NEW."start") = 19 OR (length(NEW."start") = 26 AND substr(NEW."start", 20, 1) = '.' AND substr(NEW."start", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_slot.end must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."end" IS NOT NULL AND NOT (typeof(NEW."end") = 'text' AND substr(NEW."end", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."end") AND (length(NEW."end") = 19 OR (length(NEW."end") = 26 AND substr(NEW."end", 20, 1) = '.' AND substr(NEW."end", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_slot.platform_canonical_datetimes_update
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__platform_canonical_datetimes_update;
CREATE TRIGGER scheduling_slot__platform_canonical_datetimes_update
BEFORE UPDATE OF "start", "end" ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_slot.start must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."start" IS NOT NULL AND NOT (typeof(NEW."start") = 'text' AND substr(NEW."start", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."start") AND (length(NEW."start") = 19 OR (length(NEW."start") = 26 AND substr(NEW."start", 20, 1) = '.' AND substr(NEW."start", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_slot.end must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."end" IS NOT NULL AND NOT (typeof(NEW."end") = 'text' AND substr(NEW."end", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."end") AND (length(NEW."end") = 19 OR (length(NEW."end") = 26 AND substr(NEW."end", 20, 1) = '.' AND substr(NEW."end", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_absence.platform_canonical_datetimes_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_absence__platform_canonical_datetimes_insert;
CREATE TRIGGER scheduling_absence__platform_canonical_datetimes_insert
BEFORE INSERT ON scheduling_absence
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_absence.start must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."start" IS NOT NULL AND NOT (typeof(NEW."start") = 'text' AND substr(NEW."start", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."start") AND (length(NEW."start") = 19 OR (length(NEW."start") = 26 AND substr(NEW."start", 20, 1) = '.' AND substr(NEW."start", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_absence.end must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."end" IS NOT NULL AND NOT (typeof(NEW."end") = 'text' AND substr(NEW."end", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."end") AND (length(NEW."end") = 19 OR (length(NEW."end") = 26 AND substr(NEW."end", 20, 1) = '.' AND substr(NEW."end", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_absence.platform_canonical_datetimes_update
-- drop: DROP TRIGGER IF EXISTS scheduling_absence__platform_canonical_datetimes_update;
CREATE TRIGGER scheduling_absence__platform_canonical_datetimes_update
BEFORE UPDATE OF "start", "end" ON scheduling_absence
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_absence.start must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."start" IS NOT NULL AND NOT (typeof(NEW."start") = 'text' AND substr(NEW."start", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."start") AND (length(NEW."start") = 19 OR (length(NEW."start") = 26 AND substr(NEW."start", 20, 1) = '.' AND substr(NEW."start", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_absence.end must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."end" IS NOT NULL AND NOT (typeof(NEW."end") = 'text' AND substr(NEW."end", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."end") AND (length(NEW."end") = 19 OR (length(NEW."end") = 26 AND substr(NEW."end", 20, 1) = '.' AND substr(NEW."end", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_booking.platform_canonical_datetimes_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__platform_canonical_datetimes_insert;
CREATE TRIGGER scheduling_booking__platform_canonical_datetimes_insert
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_booking.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.cancelled_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."cancelled_at" IS NOT NULL AND NOT (typeof(NEW."cancelled_at") = 'text' AND substr(NEW."cancelled_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."cancelled_at") AND (length(NEW."cancelled_at") = 19 OR (length(NEW."cancelled_at") = 26 AND substr(NEW."cancelled_at", 20, 1) = '.' AND substr(NEW."cancelled_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.hold_expires_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."hold_expires_at" IS NOT NULL AND NOT (typeof(NEW."hold_expires_at") = 'text' AND substr(NEW."hold_expires_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."hold_expires_at") AND (length(NEW."hold_expires_at") = 19 OR (length(NEW."hold_expires_at") = 26 AND substr(NEW."hold_expires_at", 20, 1) = '.' AND substr(NEW."hold_expires_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.checked_in_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."checked_in_at" IS NOT NULL AND NOT (typeof(NEW."checked_in_at") = 'text' AND substr(NEW."checked_in_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."checked_in_at") AND (length(NEW."checked_in_at") = 19 OR (length(NEW."checked_in_at") = 26 AND substr(NEW."checked_in_at", 20, 1) = '.' AND substr(NEW."checked_in_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.updated_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."updated_at" IS NOT NULL AND NOT (typeof(NEW."updated_at") = 'text' AND substr(NEW."updated_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."updated_at") AND (length(NEW."updated_at") = 19 OR (length(NEW."updated_at") = 26 AND substr(NEW."updated_at", 20, 1) = '.' AND substr(NEW."updated_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_booking.platform_canonical_datetimes_update
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__platform_canonical_datetimes_update;
CREATE TRIGGER scheduling_booking__platform_canonical_datetimes_update
BEFORE UPDATE OF "created_at", "cancelled_at", "hold_expires_at", "checked_in_at", "updated_at" ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_booking.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.cancelled_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."cancelled_at" IS NOT NULL AND NOT (typeof(NEW."cancelled_at") = 'text' AND substr(NEW."cancelled_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."cancelled_at") AND (length(NEW."cancelled_at") = 19 OR (length(NEW."cancelled_at") = 26 AND substr(NEW."cancelled_at", 20, 1) = '.' AND substr(NEW."cancelled_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.hold_expires_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."hold_expires_at" IS NOT NULL AND NOT (typeof(NEW."hold_expires_at") = 'text' AND substr(NEW."hold_expires_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."hold_expires_at") AND (length(NEW."hold_expires_at") = 19 OR (length(NEW."hold_expires_at") = 26 AND substr(NEW."hold_expires_at", 20, 1) = '.' AND substr(NEW."hold_expires_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.checked_in_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."checked_in_at" IS NOT NULL AND NOT (typeof(NEW."checked_in_at") = 'text' AND substr(NEW."checked_in_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."checked_in_at") AND (length(NEW."checked_in_at") = 19 OR (length(NEW."checked_in_at") = 26 AND substr(NEW."checked_in_at", 20, 1) = '.' AND substr(NEW."checked_in_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_booking.updated_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."updated_at" IS NOT NULL AND NOT (typeof(NEW."updated_at") = 'text' AND substr(NEW."updated_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."updated_at") AND (length(NEW."updated_at") = 19 OR (length(NEW."updated_at") = 26 AND substr(NEW."updated_at", 20, 1) = '.' AND substr(NEW."updated_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_patient.platform_canonical_datetimes_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_patient__platform_canonical_datetimes_insert;
CREATE TRIGGER scheduling_patient__platform_canonical_datetimes_insert
BEFORE INSERT ON scheduling_patient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_patient.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_patient.platform_canonical_datetimes_update
-- drop: DROP TRIGGER IF EXISTS scheduling_patient__platform_canonical_datetimes_update;
CREATE TRIGGER scheduling_patient__platform_canonical_datetimes_update
BEFORE UPDATE OF "created_at" ON scheduling_patient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_patient.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_waitlistentry.platform_canonical_datetimes_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_waitlistentry__platform_canonical_datetimes_insert;
CREATE TRIGGER scheduling_waitlistentry__platform_canonical_datetimes_insert
BEFORE INSERT ON scheduling_waitlistentry
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_waitlistentry.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_waitlistentry.platform_canonical_datetimes_update
-- drop: DROP TRIGGER IF EXISTS scheduling_waitlistentry__platform_canonical_datetimes_update;
CREATE TRIGGER scheduling_waitlistentry__platform_canonical_datetimes_update
BEFORE UPDATE OF "created_at" ON scheduling_waitlistentry
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_waitlistentry.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_apiclient.platform_canonical_datetimes_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient__platform_canonical_datetimes_insert;
CREATE TRIGGER scheduling_apiclient__platform_canonical_datetimes_insert
BEFORE INSERT ON scheduling_apiclient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_apiclient.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger scheduling_apiclient.platform_canonical_datetimes_update
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient__platform_canonical_datetimes_update;
CREATE TRIGGER scheduling_apiclient__platform_canonical_datetimes_update
BEFORE UPDATE OF "created_at" ON scheduling_apiclient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_apiclient.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;

-- object: trigger hospital_affiliation.platform_canonical_dates_insert
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__platform_canonical_dates_insert;
CREATE TRIGGER hospital_affiliation__platform_canonical_dates_insert
BEFORE INSERT ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: hospital_affiliation.start_date must be a date as YYYY-MM-DD') WHERE NEW."start_date" IS NOT NULL AND NOT (typeof(NEW."start_date") = 'text' AND NEW."start_date" IS date(NEW."start_date"));
    SELECT RAISE(ABORT, 'institution rule: hospital_affiliation.end_date must be a date as YYYY-MM-DD') WHERE NEW."end_date" IS NOT NULL AND NOT (typeof(NEW."end_date") = 'text' AND NEW."end_date" IS date(NEW."end_date"));
END;

-- object: trigger hospital_affiliation.platform_canonical_dates_update
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__platform_canonical_dates_update;
CREATE TRIGGER hospital_affiliation__platform_canonical_dates_update
BEFORE UPDATE OF "start_date", "end_date" ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: hospital_affiliation.start_date must be a date as YYYY-MM-DD') WHERE NEW."start_date" IS NOT NULL AND NOT (typeof(NEW."start_date") = 'text' AND NEW."start_date" IS date(NEW."start_date"));
    SELECT RAISE(ABORT, 'institution rule: hospital_affiliation.end_date must be a date as YYYY-MM-DD') WHERE NEW."end_date" IS NOT NULL AND NOT (typeof(NEW."end_date") = 'text' AND NEW."end_date" IS date(NEW."end_date"));
END;

-- object: trigger hospital_membership.platform_canonical_dates_insert
-- drop: DROP TRIGGER IF EXISTS hospital_membership__platform_canonical_dates_insert;
CREATE TRIGGER hospital_membership__platform_canonical_dates_insert
BEFORE INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: hospital_membership.starts_on must be a date as YYYY-MM-DD') WHERE NEW."starts_on" IS NOT NULL AND NOT (typeof(NEW."starts_on") = 'text' AND NEW."starts_on" IS date(NEW."starts_on"));
    SELECT RAISE(ABORT, 'institution rule: hospital_membership.ends_on must be a date as YYYY-MM-DD') WHERE NEW."ends_on" IS NOT NULL AND NOT (typeof(NEW."ends_on") = 'text' AND NEW."ends_on" IS date(NEW."ends_on"));
END;

-- object: trigger hospital_membership.platform_canonical_dates_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__platform_canonical_dates_update;
CREATE TRIGGER hospital_membership__platform_canonical_dates_update
BEFORE UPDATE OF "starts_on", "ends_on" ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: hospital_membership.starts_on must be a date as YYYY-MM-DD') WHERE NEW."starts_on" IS NOT NULL AND NOT (typeof(NEW."starts_on") = 'text' AND NEW."starts_on" IS date(NEW."starts_on"));
    SELECT RAISE(ABORT, 'institution rule: hospital_membership.ends_on must be a date as YYYY-MM-DD') WHERE NEW."ends_on" IS NOT NULL AND NOT (typeof(NEW."ends_on") = 'text' AND NEW."ends_on" IS date(NEW."ends_on"));
END;

-- object: trigger scheduling_openingrule.platform_canonical_dates_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_openingrule__platform_canonical_dates_insert;
CREATE TRIGGER scheduling_openingrule__platform_canonical_dates_insert
BEFORE INSERT ON scheduling_openingrule
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_openingrule.valid_from must be a date as YYYY-MM-DD') WHERE NEW."valid_from" IS NOT NULL AND NOT (typeof(NEW."valid_from") = 'text' AND NEW."valid_from" IS date(NEW."valid_from"));
    SELECT RAISE(ABORT, 'institution rule: scheduling_openingrule.valid_until must be a date as YYYY-MM-DD') WHERE NEW."valid_until" IS NOT NULL AND NOT (typeof(NEW."valid_until") = 'text' AND NEW."valid_until" IS date(NEW."valid_until"));
END;

-- object: trigger scheduling_openingrule.platform_canonical_dates_update
-- drop: DROP TRIGGER IF EXISTS scheduling_openingrule__platform_canonical_dates_update;
CREATE TRIGGER scheduling_openingrule__platform_canonical_dates_update
BEFORE UPDATE OF "valid_from", "valid_until" ON scheduling_openingrule
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_openingrule.valid_from must be a date as YYYY-MM-DD') WHERE NEW."valid_from" IS NOT NULL AND NOT (typeof(NEW."valid_from") = 'text' AND NEW."valid_from" IS date(NEW."valid_from"));
    SELECT RAISE(ABORT, 'institution rule: scheduling_openingrule.valid_until must be a date as YYYY-MM-DD') WHERE NEW."valid_until" IS NOT NULL AND NOT (typeof(NEW."valid_until") = 'text' AND NEW."valid_until" IS date(NEW."valid_until"));
END;

-- object: trigger scheduling_patient.platform_canonical_dates_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_patient__platform_canonical_dates_insert;
CREATE TRIGGER scheduling_patient__platform_canonical_dates_insert
BEFORE INSERT ON scheduling_patient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_patient.birth_date must be a date as YYYY-MM-DD') WHERE NEW."birth_date" IS NOT NULL AND NOT (typeof(NEW."birth_date") = 'text' AND NEW."birth_date" IS date(NEW."birth_date"));
END;

-- object: trigger scheduling_patient.platform_canonical_dates_update
-- drop: DROP TRIGGER IF EXISTS scheduling_patient__platform_canonical_dates_update;
CREATE TRIGGER scheduling_patient__platform_canonical_dates_update
BEFORE UPDATE OF "birth_date" ON scheduling_patient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_patient.birth_date must be a date as YYYY-MM-DD') WHERE NEW."birth_date" IS NOT NULL AND NOT (typeof(NEW."birth_date") = 'text' AND NEW."birth_date" IS date(NEW."birth_date"));
END;

-- object: trigger hospital_establishment.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__platform_immutable_identity;
CREATE TRIGGER hospital_establishment__platform_immutable_identity
BEFORE UPDATE ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_establishment row never changes') WHERE 1;
END;

-- object: trigger hospital_specialty.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_specialty__platform_immutable_identity;
CREATE TRIGGER hospital_specialty__platform_immutable_identity
BEFORE UPDATE ON hospital_specialty
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_specialty row never changes') WHERE 1;
END;

-- object: trigger hospital_department.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_department__platform_immutable_identity;
CREATE TRIGGER hospital_department__platform_immutable_identity
BEFORE UPDATE ON hospital_department
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_department row never changes') WHERE 1;
END;

-- object: trigger hospital_practitioner.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_practitioner__platform_immutable_identity;
CREATE TRIGGER hospital_practitioner__platform_immutable_identity
BEFORE UPDATE ON hospital_practitioner
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_practitioner row never changes') WHERE 1;
END;

-- object: trigger hospital_practitioner_specialties.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_practitioner_specialties__platform_immutable_identity;
CREATE TRIGGER hospital_practitioner_specialties__platform_immutable_identity
BEFORE UPDATE ON hospital_practitioner_specialties
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_practitioner_specialties row never changes') WHERE 1;
END;

-- object: trigger hospital_affiliation.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__platform_immutable_identity;
CREATE TRIGGER hospital_affiliation__platform_immutable_identity
BEFORE UPDATE ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_affiliation row never changes') WHERE 1;
END;

-- object: trigger hospital_membership.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_membership__platform_immutable_identity;
CREATE TRIGGER hospital_membership__platform_immutable_identity
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.establishment_id IS NOT NEW.establishment_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_membership row never changes') WHERE 1;
END;

-- object: trigger scheduling_agenda.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__platform_immutable_identity;
CREATE TRIGGER scheduling_agenda__platform_immutable_identity
BEFORE UPDATE ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_agenda row never changes') WHERE 1;
END;

-- object: trigger scheduling_visitreason.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_visitreason__platform_immutable_identity;
CREATE TRIGGER scheduling_visitreason__platform_immutable_identity
BEFORE UPDATE ON scheduling_visitreason
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_visitreason row never changes') WHERE 1;
END;

-- object: trigger scheduling_openingrule.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_openingrule__platform_immutable_identity;
CREATE TRIGGER scheduling_openingrule__platform_immutable_identity
BEFORE UPDATE ON scheduling_openingrule
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_openingrule row never changes') WHERE 1;
END;

-- object: trigger scheduling_openingrule_reasons.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_openingrule_reasons__platform_immutable_identity;
CREATE TRIGGER scheduling_openingrule_reasons__platform_immutable_identity
BEFORE UPDATE ON scheduling_openingrule_reasons
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_openingrule_reasons row never changes') WHERE 1;
END;

-- object: trigger scheduling_absence.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_absence__platform_immutable_identity;
CREATE TRIGGER scheduling_absence__platform_immutable_identity
BEFORE UPDATE ON scheduling_absence
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_absence row never changes') WHERE 1;
END;

-- object: trigger scheduling_slot.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__platform_immutable_identity;
CREATE TRIGGER scheduling_slot__platform_immutable_identity
BEFORE UPDATE ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_slot row never changes') WHERE 1;
END;

-- object: trigger scheduling_patient.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_patient__platform_immutable_identity;
CREATE TRIGGER scheduling_patient__platform_immutable_identity
BEFORE UPDATE ON scheduling_patient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.public_id IS NOT NEW.public_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_patient row never changes') WHERE 1;
END;

-- object: trigger scheduling_booking.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__platform_immutable_identity;
CREATE TRIGGER scheduling_booking__platform_immutable_identity
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.public_id IS NOT NEW.public_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_booking row never changes') WHERE 1;
END;

-- object: trigger scheduling_calendarfeed.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_calendarfeed__platform_immutable_identity;
CREATE TRIGGER scheduling_calendarfeed__platform_immutable_identity
BEFORE UPDATE ON scheduling_calendarfeed
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_calendarfeed row never changes') WHERE 1;
END;

-- object: trigger scheduling_waitlistentry.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_waitlistentry__platform_immutable_identity;
CREATE TRIGGER scheduling_waitlistentry__platform_immutable_identity
BEFORE UPDATE ON scheduling_waitlistentry
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.public_id IS NOT NEW.public_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_waitlistentry row never changes') WHERE 1;
END;

-- object: trigger scheduling_apiclient.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient__platform_immutable_identity;
CREATE TRIGGER scheduling_apiclient__platform_immutable_identity
BEFORE UPDATE ON scheduling_apiclient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.public_id IS NOT NEW.public_id OR OLD.user_id IS NOT NEW.user_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_apiclient row never changes') WHERE 1;
END;

-- object: trigger scheduling_apiclient_establishments.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient_establishments__platform_immutable_identity;
CREATE TRIGGER scheduling_apiclient_establishments__platform_immutable_identity
BEFORE UPDATE ON scheduling_apiclient_establishments
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_apiclient_establishments row never changes') WHERE 1;
END;

-- object: trigger scheduling_apiclient_departments.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient_departments__platform_immutable_identity;
CREATE TRIGGER scheduling_apiclient_departments__platform_immutable_identity
BEFORE UPDATE ON scheduling_apiclient_departments
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_apiclient_departments row never changes') WHERE 1;
END;

-- object: trigger scheduling_callcentre.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentre__platform_immutable_identity;
CREATE TRIGGER scheduling_callcentre__platform_immutable_identity
BEFORE UPDATE ON scheduling_callcentre
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_callcentre row never changes') WHERE 1;
END;

-- object: trigger scheduling_callcentre_establishments.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentre_establishments__platform_immutable_identity;
CREATE TRIGGER scheduling_callcentre_establishments__platform_immutable_identity
BEFORE UPDATE ON scheduling_callcentre_establishments
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_callcentre_establishments row never changes') WHERE 1;
END;

-- object: trigger scheduling_callcentre_specialties.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentre_specialties__platform_immutable_identity;
CREATE TRIGGER scheduling_callcentre_specialties__platform_immutable_identity
BEFORE UPDATE ON scheduling_callcentre_specialties
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_callcentre_specialties row never changes') WHERE 1;
END;

-- object: trigger scheduling_callcentreagent.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentreagent__platform_immutable_identity;
CREATE TRIGGER scheduling_callcentreagent__platform_immutable_identity
BEFORE UPDATE ON scheduling_callcentreagent
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.user_id IS NOT NEW.user_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_callcentreagent row never changes') WHERE 1;
END;

-- object: trigger auth_group.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS auth_group__platform_immutable_identity;
CREATE TRIGGER auth_group__platform_immutable_identity
BEFORE UPDATE ON auth_group
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a auth_group row never changes') WHERE 1;
END;

-- object: trigger auth_permission.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS auth_permission__platform_immutable_identity;
CREATE TRIGGER auth_permission__platform_immutable_identity
BEFORE UPDATE ON auth_permission
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a auth_permission row never changes') WHERE 1;
END;

-- object: trigger django_content_type.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS django_content_type__platform_immutable_identity;
CREATE TRIGGER django_content_type__platform_immutable_identity
BEFORE UPDATE ON django_content_type
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a django_content_type row never changes') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_never_deleted
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_never_deleted;
CREATE TRIGGER scheduling_booking__scheduling_booking_never_deleted
BEFORE DELETE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings are never deleted; cancel them, with a reason') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_status_path
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_status_path;
CREATE TRIGGER scheduling_booking__scheduling_booking_status_path
BEFORE UPDATE OF status ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.status IS NOT NEW.status AND NOT ((OLD.status = 'pending' AND NEW.status IN ('booked', 'cancelled'))
        OR (OLD.status = 'booked' AND NEW.status IN ('cancelled', 'honoured', 'missed'))
        OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change of status is not allowed') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_cancellation_is_kept
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_cancellation_is_kept;
CREATE TRIGGER scheduling_booking__scheduling_booking_cancellation_is_kept
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.status = 'cancelled' AND (OLD.cancelled_at IS NOT NEW.cancelled_at OR OLD.cancelled_by_id IS NOT NEW.cancelled_by_id OR OLD.cancel_reason IS NOT NEW.cancel_reason))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a cancelled booking keeps who cancelled it, when and why') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_over_is_kept
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_over_is_kept;
CREATE TRIGGER scheduling_booking__scheduling_booking_over_is_kept
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.status NOT IN ('booked', 'pending') AND (OLD.slot_id IS NOT NEW.slot_id OR OLD.reason_id IS NOT NEW.reason_id OR OLD.patient_id IS NOT NEW.patient_id))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a booking that is over keeps its slot, reason and patient') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_revision
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_revision;
CREATE TRIGGER scheduling_booking__scheduling_booking_revision
BEFORE UPDATE OF sequence, slot_id ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.sequence < OLD.sequence OR (OLD.slot_id IS NOT NEW.slot_id AND NEW.sequence <= OLD.sequence))
BEGIN
SELECT RAISE(ABORT, 'institution rule: the revision of a booking goes up when it moves, and never back') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_outcome_started_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_outcome_started_insert;
CREATE TRIGGER scheduling_booking__scheduling_booking_outcome_started_insert
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.status IN ('honoured', 'missed'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: an outcome is recorded only once the appointment has started') WHERE NOT EXISTS (SELECT 1 FROM scheduling_slot s WHERE s.id = NEW.slot_id AND s.start <= strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

-- object: trigger scheduling_booking.scheduling_booking_outcome_started_update
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_outcome_started_update;
CREATE TRIGGER scheduling_booking__scheduling_booking_outcome_started_update
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.status IN ('honoured', 'missed'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: an outcome is recorded only once the appointment has started') WHERE NOT EXISTS (SELECT 1 FROM scheduling_slot s WHERE s.id = NEW.slot_id AND s.start <= strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

-- object: trigger scheduling_agenda.scheduling_agenda_member_department_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__scheduling_agenda_member_department_insert;
CREATE TRIGGER scheduling_agenda__scheduling_agenda_member_department_insert
BEFORE INSERT ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: an agenda can only be opened in an establishment that is or will be a member') WHERE NOT EXISTS (
        SELECT 1 FROM hospital_department d
          JOIN hospital_membership m ON m.establishment_id = d.establishment_id
         WHERE d.id = NEW.department_id AND (m.ends_on IS NULL OR m.ends_on >= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1))));
END;

-- object: trigger scheduling_agenda.scheduling_agenda_member_department_update
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__scheduling_agenda_member_department_update;
CREATE TRIGGER scheduling_agenda__scheduling_agenda_member_department_update
BEFORE UPDATE OF department_id ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: an agenda can only be opened in an establishment that is or will be a member') WHERE NOT EXISTS (
        SELECT 1 FROM hospital_department d
          JOIN hospital_membership m ON m.establishment_id = d.establishment_id
         WHERE d.id = NEW.department_id AND (m.ends_on IS NULL OR m.ends_on >= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1))));
END;

-- object: trigger scheduling_agenda.scheduling_agenda_repoint_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__scheduling_agenda_repoint_guard;
CREATE TRIGGER scheduling_agenda__scheduling_agenda_repoint_guard
AFTER UPDATE OF practitioner_id, department_id ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.practitioner_id IS NOT NEW.practitioner_id OR OLD.department_id IS NOT NEW.department_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this agenda cannot change practitioner or department; bookings, past or upcoming, resolve through it') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b JOIN scheduling_slot s ON s.id = b.slot_id
         WHERE s.agenda_id = NEW.id AND b.status <> 'cancelled');
END;

-- object: trigger hospital_department.scheduling_department_move_guard
-- drop: DROP TRIGGER IF EXISTS hospital_department__scheduling_department_move_guard;
CREATE TRIGGER hospital_department__scheduling_department_move_guard
AFTER UPDATE OF establishment_id ON hospital_department
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.establishment_id IS NOT NEW.establishment_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this department has agendas and cannot move to another establishment') WHERE EXISTS (SELECT 1 FROM scheduling_agenda WHERE department_id = NEW.id);
END;

-- object: trigger scheduling_slot.scheduling_slot_booked_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_booked_guard;
CREATE TRIGGER scheduling_slot__scheduling_slot_booked_guard
AFTER UPDATE OF agenda_id, start, "end" ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.agenda_id IS NOT NEW.agenda_id OR OLD.start IS NOT NEW.start OR OLD."end" IS NOT NEW."end")
BEGIN
SELECT RAISE(ABORT, 'institution rule: this slot is booked; move the booking, not the slot') WHERE EXISTS (SELECT 1 FROM scheduling_booking WHERE slot_id = OLD.id AND status <> 'cancelled');
END;

-- object: trigger scheduling_slot.scheduling_slot_no_overlap_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_no_overlap_insert;
CREATE TRIGGER scheduling_slot__scheduling_slot_no_overlap_insert
BEFORE INSERT ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'scheduling_slot_no_overlap: this slot overlaps another slot of the agenda')
     WHERE EXISTS (
        SELECT 1 FROM scheduling_slot o
         WHERE o.agenda_id = NEW.agenda_id AND o.start < NEW."end" AND o."end" > NEW.start);
END;

-- object: trigger scheduling_slot.scheduling_slot_no_overlap_update
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_no_overlap_update;
CREATE TRIGGER scheduling_slot__scheduling_slot_no_overlap_update
BEFORE UPDATE OF agenda_id, start, "end" ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'scheduling_slot_no_overlap: this slot overlaps another slot of the agenda')
     WHERE EXISTS (
        SELECT 1 FROM scheduling_slot o
         WHERE o.agenda_id = NEW.agenda_id AND o.start < NEW."end" AND o."end" > NEW.start AND o.id <> NEW.id);
END;

-- object: trigger scheduling_booking.scheduling_booking_history_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_insert;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_insert
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND ((SELECT start FROM scheduling_slot WHERE id = NEW.slot_id) <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: no booking is made on a slot that has started') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_history_author
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_author;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_author
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.channel IS NOT NEW.channel OR OLD.created_by_id IS NOT NEW.created_by_id OR OLD.created_at IS NOT NEW.created_at)
BEGIN
SELECT RAISE(ABORT, 'institution rule: a booking keeps its channel, its author and its creation time') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_history_check_in
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_check_in;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_check_in
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.checked_in_at IS NOT NULL AND OLD.checked_in_at IS NOT NEW.checked_in_at)
BEGIN
SELECT RAISE(ABORT, 'institution rule: a check-in, once recorded, never changes') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_history_started
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_started;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_started
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (((SELECT start FROM scheduling_slot WHERE id = OLD.slot_id) <= strftime('%Y-%m-%d %H:%M:%f', 'now')) AND (OLD.slot_id IS NOT NEW.slot_id OR OLD.reason_id IS NOT NEW.reason_id OR OLD.patient_id IS NOT NEW.patient_id OR (OLD.status IS NOT NEW.status AND NOT (
            (OLD.status = 'booked' AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status = 'pending' AND NEW.status = 'cancelled')))))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this appointment has started: only its outcome and check-in are recorded now') WHERE 1;
END;

-- object: trigger scheduling_booking.scheduling_booking_history_move
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_move;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_move
BEFORE UPDATE OF slot_id ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.slot_id IS NOT NEW.slot_id AND (SELECT start FROM scheduling_slot WHERE id = NEW.slot_id) <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: no booking is moved to a slot that has started') WHERE 1;
END;

-- object: trigger scheduling_slot.scheduling_slot_history
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_history;
CREATE TRIGGER scheduling_slot__scheduling_slot_history
BEFORE UPDATE OF agenda_id, start, "end" ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND ((OLD.agenda_id IS NOT NEW.agenda_id OR OLD.start IS NOT NEW.start OR OLD."end" IS NOT NEW."end") AND (OLD.start <= strftime('%Y-%m-%d %H:%M:%f', 'now') OR NEW.start <= strftime('%Y-%m-%d %H:%M:%f', 'now')))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a slot that has started keeps its agenda and times, and none moves into the past') WHERE 1;
END;

-- object: trigger scheduling_visitreason.scheduling_reason_move_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_visitreason__scheduling_reason_move_guard;
CREATE TRIGGER scheduling_visitreason__scheduling_reason_move_guard
AFTER UPDATE OF agenda_id ON scheduling_visitreason
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.agenda_id IS NOT NEW.agenda_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings, past or upcoming, use this visit reason: it stays in its agenda') WHERE EXISTS (SELECT 1 FROM scheduling_booking WHERE reason_id = NEW.id AND status <> 'cancelled');
END;

-- object: trigger hospital_establishment.scheduling_establishment_finess_guard
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__scheduling_establishment_finess_guard;
CREATE TRIGGER hospital_establishment__scheduling_establishment_finess_guard
AFTER UPDATE OF finess ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.finess IS NOT NEW.finess)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings resolve to this establishment: its FINESS number never changes') WHERE EXISTS (SELECT 1 FROM scheduling_booking b
                 JOIN scheduling_slot s ON s.id = b.slot_id
                 JOIN scheduling_agenda a ON a.id = s.agenda_id
                 JOIN hospital_department d ON d.id = a.department_id
                WHERE d.establishment_id = NEW.id AND b.status <> 'cancelled');
END;

-- object: trigger hospital_membership.hospital_membership_no_overlap_insert
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_no_overlap_insert;
CREATE TRIGGER hospital_membership__hospital_membership_no_overlap_insert
BEFORE INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: membership periods of one establishment never overlap') WHERE EXISTS (
        SELECT 1 FROM hospital_membership o
         WHERE o.establishment_id = NEW.establishment_id AND o.id IS NOT NEW.id
           AND (NEW.ends_on IS NULL OR o.starts_on <= NEW.ends_on)
           AND (o.ends_on IS NULL OR o.ends_on >= NEW.starts_on));
END;

-- object: trigger hospital_membership.hospital_membership_no_overlap_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_no_overlap_update;
CREATE TRIGGER hospital_membership__hospital_membership_no_overlap_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: membership periods of one establishment never overlap') WHERE EXISTS (
        SELECT 1 FROM hospital_membership o
         WHERE o.establishment_id = NEW.establishment_id AND o.id IS NOT NEW.id
           AND (NEW.ends_on IS NULL OR o.starts_on <= NEW.ends_on)
           AND (o.ends_on IS NULL OR o.ends_on >= NEW.starts_on));
END;

-- object: trigger hospital_membership.hospital_membership_ended_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_ended_update;
CREATE TRIGGER hospital_membership__hospital_membership_ended_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.ends_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this membership period has ended: it never changes') WHERE 1;
END;

-- object: trigger hospital_membership.hospital_membership_ended_delete
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_ended_delete;
CREATE TRIGGER hospital_membership__hospital_membership_ended_delete
BEFORE DELETE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.ends_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this membership period has ended: it never changes') WHERE 1;
END;

-- object: trigger hospital_membership.hospital_membership_started_delete
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_started_delete;
CREATE TRIGGER hospital_membership__hospital_membership_started_delete
BEFORE DELETE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.starts_on <= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this membership period has started: it is never deleted; give it an end date') WHERE 1;
END;

-- object: trigger hospital_membership.hospital_membership_started_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_started_update;
CREATE TRIGGER hospital_membership__hospital_membership_started_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.starts_on <= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)) AND NEW.starts_on IS NOT OLD.starts_on)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this membership period has started: its start never changes') WHERE 1;
END;

-- object: trigger hospital_membership.hospital_membership_end_insert
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_end_insert;
CREATE TRIGGER hospital_membership__hospital_membership_end_insert
BEFORE INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.ends_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a membership ends today or later: the past is not rewritten') WHERE 1;
END;

-- object: trigger hospital_membership.hospital_membership_end_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_end_update;
CREATE TRIGGER hospital_membership__hospital_membership_end_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.ends_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)) AND NEW.ends_on IS NOT OLD.ends_on)
BEGIN
SELECT RAISE(ABORT, 'institution rule: a membership ends today or later: the past is not rewritten') WHERE 1;
END;

-- object: trigger hospital_membership.hospital_membership_past_insert
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_past_insert;
CREATE TRIGGER hospital_membership__hospital_membership_past_insert
BEFORE INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings of the past resolved outside the institution on these dates: a new period never covers them') WHERE NEW.starts_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)) AND EXISTS (
        SELECT 1 FROM scheduling_booking b
          JOIN scheduling_slot s ON s.id = b.slot_id
          JOIN scheduling_agenda a ON a.id = s.agenda_id
          JOIN hospital_department d ON d.id = a.department_id
         WHERE d.establishment_id = NEW.establishment_id AND b.status <> 'cancelled'
           AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) >= NEW.starts_on AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1))
           AND (NEW.ends_on IS NULL OR date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) <= NEW.ends_on));
END;

-- object: trigger hospital_membership.hospital_membership_past_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_past_update;
CREATE TRIGGER hospital_membership__hospital_membership_past_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.starts_on IS NOT OLD.starts_on)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings of the past resolved outside the institution on these dates: a new period never covers them') WHERE NEW.starts_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)) AND EXISTS (
        SELECT 1 FROM scheduling_booking b
          JOIN scheduling_slot s ON s.id = b.slot_id
          JOIN scheduling_agenda a ON a.id = s.agenda_id
          JOIN hospital_department d ON d.id = a.department_id
         WHERE d.establishment_id = NEW.establishment_id AND b.status <> 'cancelled'
           AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) >= NEW.starts_on AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1))
           AND (NEW.ends_on IS NULL OR date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) <= NEW.ends_on));
END;

-- object: trigger hospital_establishment.hospital_establishment_member_flag_insert
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__hospital_establishment_member_flag_insert;
CREATE TRIGGER hospital_establishment__hospital_establishment_member_flag_insert
BEFORE INSERT ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = NEW.id AND m.ends_on IS NULL)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: is_member follows the membership periods; change the periods') WHERE 1;
END;

-- object: trigger hospital_establishment.hospital_establishment_member_flag_update
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__hospital_establishment_member_flag_update;
CREATE TRIGGER hospital_establishment__hospital_establishment_member_flag_update
BEFORE UPDATE ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = NEW.id AND m.ends_on IS NULL)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: is_member follows the membership periods; change the periods') WHERE 1;
END;

-- object: trigger hospital_membership.hospital_membership_refresh_flag_insert_new
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_refresh_flag_insert_new;
CREATE TRIGGER hospital_membership__hospital_membership_refresh_flag_insert_new
AFTER INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
UPDATE hospital_establishment SET is_member = (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL)) WHERE id = NEW.establishment_id AND is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL));
END;

-- object: trigger hospital_membership.hospital_membership_refresh_flag_update_new
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_refresh_flag_update_new;
CREATE TRIGGER hospital_membership__hospital_membership_refresh_flag_update_new
AFTER UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
UPDATE hospital_establishment SET is_member = (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL)) WHERE id = NEW.establishment_id AND is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL));
END;

-- object: trigger hospital_membership.hospital_membership_refresh_flag_update_old
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_refresh_flag_update_old;
CREATE TRIGGER hospital_membership__hospital_membership_refresh_flag_update_old
AFTER UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
UPDATE hospital_establishment SET is_member = (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL)) WHERE id = OLD.establishment_id AND is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL));
END;

-- object: trigger hospital_membership.hospital_membership_refresh_flag_delete_old
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_refresh_flag_delete_old;
CREATE TRIGGER hospital_membership__hospital_membership_refresh_flag_delete_old
AFTER DELETE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
UPDATE hospital_establishment SET is_member = (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL)) WHERE id = OLD.establishment_id AND is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL));
END;

-- object: trigger scheduling_booking.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__institution_rule_insert;
CREATE TRIGGER scheduling_booking__institution_rule_insert
AFTER INSERT ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.status <> 'cancelled')
BEGIN
SELECT RAISE(ABORT, 'institution rule: this booking would resolve outside the institution') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (NEW.id) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_booking.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__institution_rule_update;
CREATE TRIGGER scheduling_booking__institution_rule_update
AFTER UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.status <> 'cancelled')
BEGIN
SELECT RAISE(ABORT, 'institution rule: this booking would resolve outside the institution') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (NEW.id) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_slot.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__institution_rule_insert;
CREATE TRIGGER scheduling_slot__institution_rule_insert
AFTER INSERT ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a slot would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT id FROM scheduling_booking WHERE slot_id IN (NEW.id) AND status <> 'cancelled') AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_slot.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__institution_rule_update;
CREATE TRIGGER scheduling_slot__institution_rule_update
AFTER UPDATE ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a slot would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT id FROM scheduling_booking WHERE slot_id IN (OLD.id) AND status <> 'cancelled' UNION SELECT id FROM scheduling_booking WHERE slot_id IN (NEW.id) AND status <> 'cancelled') AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_slot.institution_rule_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__institution_rule_delete;
CREATE TRIGGER scheduling_slot__institution_rule_delete
AFTER DELETE ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a slot would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT id FROM scheduling_booking WHERE slot_id IN (OLD.id) AND status <> 'cancelled') AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_agenda.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__institution_rule_insert;
CREATE TRIGGER scheduling_agenda__institution_rule_insert
AFTER INSERT ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an agenda would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (NEW.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_agenda.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__institution_rule_update;
CREATE TRIGGER scheduling_agenda__institution_rule_update
AFTER UPDATE ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an agenda would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (OLD.id) UNION SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (NEW.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_agenda.institution_rule_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__institution_rule_delete;
CREATE TRIGGER scheduling_agenda__institution_rule_delete
AFTER DELETE ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an agenda would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (OLD.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_visitreason.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_visitreason__institution_rule_insert;
CREATE TRIGGER scheduling_visitreason__institution_rule_insert
AFTER INSERT ON scheduling_visitreason
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a visit reason would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT id FROM scheduling_booking WHERE reason_id = NEW.id AND status IN ('booked', 'pending')) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_visitreason.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS scheduling_visitreason__institution_rule_update;
CREATE TRIGGER scheduling_visitreason__institution_rule_update
AFTER UPDATE ON scheduling_visitreason
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a visit reason would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT id FROM scheduling_booking WHERE reason_id = OLD.id AND status IN ('booked', 'pending') UNION SELECT id FROM scheduling_booking WHERE reason_id = NEW.id AND status IN ('booked', 'pending')) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_visitreason.institution_rule_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_visitreason__institution_rule_delete;
CREATE TRIGGER scheduling_visitreason__institution_rule_delete
AFTER DELETE ON scheduling_visitreason
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a visit reason would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT id FROM scheduling_booking WHERE reason_id = OLD.id AND status IN ('booked', 'pending')) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_department.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS hospital_department__institution_rule_insert;
CREATE TRIGGER hospital_department__institution_rule_insert
AFTER INSERT ON hospital_department
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a department would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE department_id = NEW.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_department.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS hospital_department__institution_rule_update;
CREATE TRIGGER hospital_department__institution_rule_update
AFTER UPDATE ON hospital_department
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a department would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE department_id = OLD.id) UNION SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE department_id = NEW.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_department.institution_rule_delete
-- drop: DROP TRIGGER IF EXISTS hospital_department__institution_rule_delete;
CREATE TRIGGER hospital_department__institution_rule_delete
AFTER DELETE ON hospital_department
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a department would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE department_id = OLD.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_establishment.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__institution_rule_insert;
CREATE TRIGGER hospital_establishment__institution_rule_insert
AFTER INSERT ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an establishment would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = NEW.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_establishment.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__institution_rule_update;
CREATE TRIGGER hospital_establishment__institution_rule_update
AFTER UPDATE ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an establishment would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = OLD.id) UNION SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = NEW.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_establishment.institution_rule_delete
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__institution_rule_delete;
CREATE TRIGGER hospital_establishment__institution_rule_delete
AFTER DELETE ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an establishment would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = OLD.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_affiliation.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__institution_rule_insert;
CREATE TRIGGER hospital_affiliation__institution_rule_insert
AFTER INSERT ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an affiliation would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE practitioner_id = NEW.practitioner_id AND department_id = NEW.department_id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_affiliation.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__institution_rule_update;
CREATE TRIGGER hospital_affiliation__institution_rule_update
AFTER UPDATE ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an affiliation would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE practitioner_id = OLD.practitioner_id AND department_id = OLD.department_id) UNION SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE practitioner_id = NEW.practitioner_id AND department_id = NEW.department_id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_affiliation.institution_rule_delete
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__institution_rule_delete;
CREATE TRIGGER hospital_affiliation__institution_rule_delete
AFTER DELETE ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an affiliation would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT id FROM scheduling_agenda WHERE practitioner_id = OLD.practitioner_id AND department_id = OLD.department_id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_membership.institution_rule_insert
-- drop: DROP TRIGGER IF EXISTS hospital_membership__institution_rule_insert;
CREATE TRIGGER hospital_membership__institution_rule_insert
AFTER INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a membership period would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = NEW.establishment_id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_membership.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__institution_rule_update;
CREATE TRIGGER hospital_membership__institution_rule_update
AFTER UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a membership period would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = OLD.establishment_id) UNION SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = NEW.establishment_id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger hospital_membership.institution_rule_delete
-- drop: DROP TRIGGER IF EXISTS hospital_membership__institution_rule_delete;
CREATE TRIGGER hospital_membership__institution_rule_delete
AFTER DELETE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to a membership period would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status <> 'cancelled' AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = OLD.establishment_id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;

-- object: trigger scheduling_booking.hold_maker_missing
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_maker_missing;
CREATE TRIGGER scheduling_booking__hold_maker_missing
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.status = 'pending' AND (NEW.held_by = '' OR NEW.held_by IS NOT scheduling_acting_for())
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a hold records who made it, as its transaction declares');
END;

-- object: trigger scheduling_booking.hold_maker_only_on_holds
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_maker_only_on_holds;
CREATE TRIGGER scheduling_booking__hold_maker_only_on_holds
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.status <> 'pending' AND NEW.held_by <> ''
BEGIN
    SELECT RAISE(ABORT, 'institution rule: only a hold records who made it');
END;

-- object: trigger scheduling_booking.hold_maker_immutable
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_maker_immutable;
CREATE TRIGGER scheduling_booking__hold_maker_immutable
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NEW.held_by IS NOT OLD.held_by
BEGIN
    SELECT RAISE(ABORT, 'institution rule: who made a hold never changes');
END;

-- object: trigger scheduling_booking.hold_confirmed_by_maker
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_confirmed_by_maker;
CREATE TRIGGER scheduling_booking__hold_confirmed_by_maker
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN OLD.status = 'pending' AND NEW.status = 'booked' AND (OLD.held_by = '' OR OLD.held_by IS NOT scheduling_acting_for())
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a hold is confirmed only by who made it');
END;

-- object: trigger scheduling_booking.partner_channel_by_partner
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__partner_channel_by_partner;
CREATE TRIGGER scheduling_booking__partner_channel_by_partner
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.channel = 'partner' AND (SELECT c.id FROM scheduling_apiclient c WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner') IS NULL
BEGIN
    SELECT RAISE(ABORT, 'institution rule: only a partner portal books on the partner channel');
END;

-- object: trigger scheduling_booking.partner_books_on_partner_channel
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__partner_books_on_partner_channel;
CREATE TRIGGER scheduling_booking__partner_books_on_partner_channel
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.channel <> 'partner' AND (SELECT c.id FROM scheduling_apiclient c WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner') IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a partner portal books on the partner channel only');
END;

-- object: trigger scheduling_booking.partner_opt_in_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__partner_opt_in_insert;
CREATE TRIGGER scheduling_booking__partner_opt_in_insert
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.channel = 'partner' AND NEW.status IN ('pending', 'booked') AND NOT EXISTS (SELECT 1 FROM scheduling_partneroptin o JOIN scheduling_slot s ON s.agenda_id = o.agenda_id WHERE s.id = NEW.slot_id AND o.client_id = (SELECT c.id FROM scheduling_apiclient c WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner'))
BEGIN
    SELECT RAISE(ABORT, 'institution rule: this agenda is not opted in to this partner portal');
END;

-- object: trigger scheduling_booking.partner_opt_in_update
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__partner_opt_in_update;
CREATE TRIGGER scheduling_booking__partner_opt_in_update
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NEW.channel = 'partner' AND NEW.status IN ('pending', 'booked') AND (NEW.status IS NOT OLD.status OR (NEW.slot_id IS NOT OLD.slot_id AND (SELECT agenda_id FROM scheduling_slot WHERE id = NEW.slot_id) IS DISTINCT FROM (SELECT agenda_id FROM scheduling_slot WHERE id = OLD.slot_id))) AND NOT EXISTS (SELECT 1 FROM scheduling_partneroptin o JOIN scheduling_slot s ON s.agenda_id = o.agenda_id WHERE s.id = NEW.slot_id AND o.client_id = (SELECT c.id FROM scheduling_apiclient c WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner'))
BEGIN
    SELECT RAISE(ABORT, 'institution rule: this agenda is not opted in to this partner portal');
END;
