-- object: table platform_time_zone
-- drop: DROP TABLE IF EXISTS platform_time_zone;
CREATE TABLE IF NOT EXISTS platform_time_zone (
    since TEXT PRIMARY KEY,
    utc_offset_seconds INTEGER NOT NULL,
    zone TEXT NOT NULL
) WITHOUT ROWID;
