-- The rights of the application role: what the web servers, workers and
-- commands connect as. Run by the tables' OWNER after every `manage.py
-- migrate` (migrations create tables and functions; rights follow them):
--
--   DATABASE_URL=postgres://hospital_owner:…@db/hospital \
--     python manage.py grant_application_role hospital_app
--
-- The command substitutes {app} and {database}; it refuses to run if the
-- application role owns anything, is a superuser, or may create roles.

-- Nobody but named roles may connect, or create temporary tables: a temporary
-- table named like a real one could stand in for it in unqualified SQL.
REVOKE ALL ON DATABASE {database} FROM PUBLIC;
GRANT CONNECT ON DATABASE {database} TO {app};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {app};

-- Read and write the data; never own it (an owner can disable triggers).
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};

-- Bookings are cancelled, never deleted; waiting-list entries close, never deleted.
REVOKE DELETE ON scheduling_booking FROM {app};
REVOKE DELETE ON scheduling_waitlistentry FROM {app};
-- API clients are deactivated, never deleted: the trail keeps naming them.
REVOKE DELETE ON scheduling_apiclient FROM {app};

-- The outbound feed to other systems: events are written by the booking
-- table's trigger (running as the owner), never by the application; a
-- dispatch's delivery state changes, the row stays (it is the delivery log's
-- anchor). Endpoints are deactivated, never deleted.
REVOKE INSERT, UPDATE, DELETE ON interfaces_outboundevent FROM {app};
REVOKE INSERT, DELETE ON interfaces_dispatch FROM {app};
-- The delivery log (a row per attempt: when, what the receiver answered) is
-- only added to: the trail does not record it, so nothing may rewrite it.
REVOKE UPDATE, DELETE ON interfaces_dispatchattempt FROM {app};
REVOKE DELETE ON interfaces_endpoint FROM {app};

-- The migrations' history, the permissions and content types are written by
-- `migrate` only: a renamed permission would hand a role other rights.
REVOKE INSERT, UPDATE, DELETE ON django_migrations, auth_permission, django_content_type FROM {app};

-- The first-availability listing and its clock are derived data: written by
-- their triggers only (functions running as the owner). The clock moves
-- through scheduling_listing_move_clock(), within bounds of now.
REVOKE INSERT, UPDATE, DELETE ON scheduling_agendalisting, scheduling_listingclock FROM {app};

-- The audit trail: read it, add the application's own events (reads,
-- overrides) through its one entry point; every other event is written by
-- the database's functions, which run as the owner. That includes the
-- transactions' requests to be sealed (audit_seal_request): a row the
-- application could insert or delete would start or cut short a seal.
REVOKE ALL ON audit_event, audit_pending, audit_secret, audit_chain_head, audit_seal_request, audit_log_input FROM {app};
GRANT SELECT ON audit_event TO {app};
GRANT INSERT ON audit_log_input TO {app};
REVOKE ALL ON SEQUENCE audit_pending_id_seq FROM {app};

-- Large objects are stored outside every table, so no trigger sees them: the
-- application role may not create any. The functions belong to the
-- superuser, so a superuser revokes them once per database (README,
-- *Deploying on PostgreSQL*); this command checks it was done and refuses
-- otherwise. Revoking as another role only warns; it is repeated here so that
-- a superuser running this command does it.
REVOKE EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea), lo_import(text), lo_import(text, oid) FROM PUBLIC;
