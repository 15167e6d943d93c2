"""Optimistic locking shared by every editable object: each save raises ``lock_version``; a save made from an
older version than the one stored is refused, so nobody silently overwrites a colleague's changes."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Model
from django.utils.translation import gettext_lazy as _

from lib.errors import DomainError

# what a refused save says when the form does not name the kind of record
STALE = _("Someone else saved this after you opened it. Reload the page to see their changes.")


def bump_version(obj: Model, expected_version: int | None, message, *, field: str | None = None) -> None:
    """Raise ``obj``'s ``lock_version`` in the database, or refuse with ``message`` when it is no longer
    ``expected_version`` (None: no check, only the raise)."""
    rows = type(obj)._default_manager.filter(
        pk=obj.pk, **({} if expected_version is None else {"lock_version": expected_version})
    )
    if not rows.update(lock_version=F("lock_version") + 1):
        raise DomainError(message, field=field)
    obj.refresh_from_db(fields=["lock_version"])


@contextmanager
def write_transaction(using: str = DEFAULT_DB_ALIAS):
    """``transaction.atomic()`` that, on SQLite, takes the write lock when it begins (BEGIN IMMEDIATE). A deferred
    transaction that reads, then writes, fails at once with "database is locked" if another writer committed in
    between; an immediate one waits its turn (the connection's busy timeout) and then sees what is stored. Inside
    another transaction it is a savepoint, as ``atomic``. PostgreSQL needs nothing: rows are locked as read."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic(using=using):
            yield
        return
    connection.ensure_connection()
    before = getattr(connection, "transaction_mode", None)
    connection.transaction_mode = "IMMEDIATE"
    try:
        with transaction.atomic(using=using):
            yield
    finally:
        connection.transaction_mode = before
