-- object: table platform_maintenance
-- drop: DROP TABLE IF EXISTS platform_maintenance;
CREATE TABLE IF NOT EXISTS platform_maintenance (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);
