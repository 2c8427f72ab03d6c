-- object: trigger django_content_type.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.django_content_type;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.django_content_type FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
