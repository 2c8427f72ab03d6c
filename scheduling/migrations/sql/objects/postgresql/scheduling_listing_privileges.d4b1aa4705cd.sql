-- object: grant scheduling_listing_privileges
-- drop: SELECT 1;
REVOKE ALL ON FUNCTION public.scheduling_listing_set_first(bigint),
    public.scheduling_listing_refresh(bigint[], timestamptz[]),
    public.scheduling_listing_rebuild(bigint[]) FROM PUBLIC;
