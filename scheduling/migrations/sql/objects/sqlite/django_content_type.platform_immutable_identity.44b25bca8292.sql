-- object: trigger django_content_type.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS django_content_type__platform_immutable_identity;
CREATE TRIGGER django_content_type__platform_immutable_identity
BEFORE UPDATE ON django_content_type
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a django_content_type row never changes') WHERE 1;
END;
