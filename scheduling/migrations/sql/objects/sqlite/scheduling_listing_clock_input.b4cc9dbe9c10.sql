-- object: view scheduling_listing_clock_input
-- drop: DROP VIEW IF EXISTS scheduling_listing_clock_input;
CREATE VIEW IF NOT EXISTS scheduling_listing_clock_input AS
SELECT not_before FROM scheduling_listingclock WHERE 0;
