-- object: trigger scheduling_listingclock.scheduling_listing_clock
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_clock ON public.scheduling_listingclock;
CREATE TRIGGER scheduling_listing_clock AFTER INSERT OR UPDATE ON public.scheduling_listingclock
FOR EACH ROW EXECUTE FUNCTION public.scheduling_listing_on_clock();
