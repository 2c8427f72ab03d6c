-- object: trigger scheduling_booking.scheduling_booking_finite_times
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_finite_times ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_finite_times BEFORE INSERT OR UPDATE ON public.scheduling_booking FOR EACH ROW WHEN (NOT isfinite(NEW."created_at") OR NOT isfinite(NEW."cancelled_at") OR NOT isfinite(NEW."hold_expires_at") OR NOT isfinite(NEW."checked_in_at") OR NOT isfinite(NEW."updated_at")) EXECUTE FUNCTION public.scheduling_finite_times();
