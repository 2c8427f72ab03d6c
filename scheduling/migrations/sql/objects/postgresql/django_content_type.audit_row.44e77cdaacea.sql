-- object: trigger django_content_type.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.django_content_type;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.django_content_type FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
