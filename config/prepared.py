"""Statements PostgreSQL plans once per connection, for the few queries a
busy page runs at every view (the staff board's, issue 23).

Django binds parameters on the client (psycopg's ClientCursor): the server
parses and plans every statement it is sent. For a query of five joins that
is most of its cost (the board's worklist: 0.8 ms of planning, 0.2 of
execution, at the institution's size). `prepared_cursor` gives Django's
cursor over a server-binding psycopg cursor: a statement is prepared the
first time a connection runs it (settings: prepare_threshold 0; Django's
own cursors never prepare) and only bound and executed after that. The
audit context and error wrapping are Django's; DEBUG and the tests log each
statement composed with its parameters (_PreparedDebugWrapper).

A connection pooler between the application and PostgreSQL must keep
prepared statements (PgBouncer 1.21 or later, max_prepared_statements);
the audit context's session settings already ask for session pooling."""

from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor
from django.db.backends.utils import CursorWrapper


def prepared_cursor(connection):
    """A cursor of `connection` (Django's wrapper) whose statements are planned
    once per connection on PostgreSQL; Django's own cursor elsewhere."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return _PreparedDebugWrapper(raw, connection)
    return connection.make_cursor(raw)


class _PreparedDebugWrapper(CursorDebugWrapper):
    """Django's debug cursor (DEBUG, tests), logging each statement with its
    parameters as Django logs one under server-side binding: psycopg keeps no
    text of a prepared statement's execution, where Django's own debug cursor
    reads it, and logged None."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)
