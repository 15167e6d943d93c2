"""Rows the database itself keeps: the audit log and the frozen copies of submitted reports.

Both are refused by their models and querysets, and by triggers on both databases (see the migrations
``audit/0004`` and ``reports/0005``): UPDATE of an audit entry, UPDATE of a submission's frozen columns, and DELETE
or TRUNCATE of either. In production the application also connects as a role that has no DELETE or TRUNCATE on
those tables and may UPDATE only a submission's decision columns (``grant_app_role``, README "PostgreSQL roles").

``lifted`` is the one way past the triggers, for maintenance run as the database owner (``manage.py prune_audit``,
the benchmark putting its dataset back, the test runner emptying tables between browser tests). It needs what the
application's role does not have: ALTER TABLE on PostgreSQL; on SQLite, the file itself.
"""

from contextlib import contextmanager

from django.db import connections, transaction

from lib.locking import write_transaction

# table -> columns of it the application may UPDATE (None: none at all)
PROTECTED: dict[str, tuple[str, ...] | None] = {
    "audit_auditentry": None,
    "reports_submission": ("status", "decided_by_id", "decided_at", "decision_reason"),
}


def owner_alias() -> str:
    """The database alias that connects as the tables' owner: "owner" when DATABASE_OWNER_URL is set, else the
    application's own connection (which then is the owner, as on SQLite and in development)."""
    return "owner" if "owner" in connections.settings else "default"


def quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


@contextmanager
def lifted(using: str = "default"):
    """Inside: the protecting triggers are off, in one transaction; they are back when it ends, whatever happens.
    Only the tables' owner can do it on PostgreSQL (``ALTER TABLE`` fails for the application's role). On SQLite the
    transaction takes the write lock first: it reads the triggers before dropping them, and a web request's write in
    between would otherwise fail it at once with "database is locked"."""
    connection = connections[using]
    with write_transaction(using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # checks deferred to the commit would stop ALTER TABLE ("pending trigger events"): run them now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in PROTECTED:
                cursor.execute(f"ALTER TABLE {quote(connection, table)} DISABLE TRIGGER USER")
            yield
            for table in PROTECTED:
                cursor.execute(f"ALTER TABLE {quote(connection, table)} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares its foreign keys
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = [(name, sql) for table, name, sql in cursor.fetchall() if table in PROTECTED]
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {quote(connection, name)}")
            yield
            for _name, sql in triggers:
                cursor.execute(sql)
        else:  # pragma: no cover - only the two supported databases
            raise NotImplementedError(connection.vendor)


def grant_app_role(role: str, using: str = "default") -> list[str]:
    """Give the application's PostgreSQL role what it needs and no more: read and write every table, except
    DELETE and TRUNCATE on the protected ones and UPDATE beyond their listed columns. Run as the owner after
    ``migrate``; tables created later get the same by default privileges. Returns the statements run."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    r = quote(connection, role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
    ]
    for table, columns in PROTECTED.items():
        t = quote(connection, table)
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM {r}")
        if columns:
            statements.append(
                f"GRANT UPDATE ({', '.join(quote(connection, c) for c in columns)}) ON {t} TO {r}"
            )
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
