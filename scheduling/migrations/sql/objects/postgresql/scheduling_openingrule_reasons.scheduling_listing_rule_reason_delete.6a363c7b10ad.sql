-- object: trigger scheduling_openingrule_reasons.scheduling_listing_rule_reason_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_delete ON public.scheduling_openingrule_reasons;
CREATE TRIGGER scheduling_listing_rule_reason_delete AFTER DELETE ON public.scheduling_openingrule_reasons
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_rule_reason();
