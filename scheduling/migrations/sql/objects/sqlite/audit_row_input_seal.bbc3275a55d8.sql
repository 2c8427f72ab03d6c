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
