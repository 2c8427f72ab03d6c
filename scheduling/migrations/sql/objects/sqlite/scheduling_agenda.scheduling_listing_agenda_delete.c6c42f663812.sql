-- object: trigger scheduling_agenda.scheduling_listing_agenda_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_agenda_delete;
CREATE TRIGGER scheduling_listing_agenda_delete AFTER DELETE ON scheduling_agenda
FOR EACH ROW 
BEGIN
    DELETE FROM scheduling_agendalisting WHERE agenda_id = OLD.id;
END;
