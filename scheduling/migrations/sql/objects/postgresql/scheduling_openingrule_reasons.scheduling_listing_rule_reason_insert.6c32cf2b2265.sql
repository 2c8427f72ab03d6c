-- object: trigger scheduling_openingrule_reasons.scheduling_listing_rule_reason_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_rule_reason_insert ON public.scheduling_openingrule_reasons;
CREATE TRIGGER scheduling_listing_rule_reason_insert AFTER INSERT ON public.scheduling_openingrule_reasons
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_rule_reason();
