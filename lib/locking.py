"""Optimistic locking shared by every editable object: each save raises ``lock_version``; a save made from an
older version than the one stored is refused, so nobody silently overwrites a colleague's changes."""

from django.db.models import F, Model

from lib.errors import DomainError


def bump_version(obj: Model, expected_version: int | None, message, *, field: str | None = None) -> None:
    """Raise ``obj``'s ``lock_version`` in the database, or refuse with ``message`` when it is no longer
    ``expected_version`` (None: no check, only the raise)."""
    rows = type(obj)._default_manager.filter(
        pk=obj.pk, **({} if expected_version is None else {"lock_version": expected_version})
    )
    if not rows.update(lock_version=F("lock_version") + 1):
        raise DomainError(message, field=field)
    obj.refresh_from_db(fields=["lock_version"])
