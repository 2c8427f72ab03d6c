-- object: trigger scheduling_listing_clock_input.scheduling_listing_clock_input
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_clock_input;
CREATE TRIGGER scheduling_listing_clock_input INSTEAD OF INSERT ON scheduling_listing_clock_input
BEGIN
    SELECT RAISE(ABORT, 'listing clock: too far from now')
     WHERE NEW.not_before IS NULL
        OR julianday(NEW.not_before) < julianday('now', '-1 day')
        OR julianday(NEW.not_before) > julianday('now', '+31 days');
    INSERT OR IGNORE INTO scheduling_listingclock (id, not_before) VALUES (1, NEW.not_before);
    UPDATE scheduling_listingclock SET not_before = NEW.not_before WHERE id = 1;
END;
