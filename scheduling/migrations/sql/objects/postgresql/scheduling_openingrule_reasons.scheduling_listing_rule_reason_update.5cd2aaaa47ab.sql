-- object: trigger scheduling_openingrule_reasons.scheduling_listing_rule_reason_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_update ON public.scheduling_openingrule_reasons;
CREATE TRIGGER scheduling_listing_rule_reason_update AFTER UPDATE ON public.scheduling_openingrule_reasons
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_rule_reason();
