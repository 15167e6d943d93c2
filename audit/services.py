from typing import Any

from django.db.models import Model
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry, object_type_of
from lib import bulk
from units.models import AdminUnit


def _plain(value: Any) -> Any:
    """JSON-safe copy: decimals and dates as strings, exactly as they were."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def log_action(
    *,
    actor: User | None,
    action: str,
    obj: Model | type[Model],
    unit: AdminUnit | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    context: dict | None = None,
    object_repr: str | None = None,
    object_id: int | str | None = None,
) -> AuditEntry:
    """Record one change: the keyword arguments of ``audit_fields``. Every service that writes a domain object calls
    this inside its transaction; ``context`` says how the change came in (``{"via": "upload", "file": "a.xlsx"}``)."""
    return AuditEntry.objects.create(
        **audit_fields(
            actor=actor,
            action=action,
            obj=obj,
            unit=unit,
            before=before,
            after=after,
            reason=reason,
            context=context,
            object_repr=object_repr,
            object_id=object_id,
        )
    )


def audit_fields(
    *,
    actor: User | None,
    action: str,
    obj: Model | type[Model],
    unit: AdminUnit | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    context: dict | None = None,
    object_repr: str | None = None,
    object_id: int | str | None = None,
) -> dict:
    """The columns of one entry, for ``log_action`` and for ``log_actions`` (many at once). A bulk writer that knows
    the primary key without an instance passes the model class as ``obj`` and the key as ``object_id``."""
    return {
        "actor": actor if actor is not None and actor.pk else None,
        "actor_name": (actor.get_username() if actor is not None and actor.pk else "system"),
        "action": action,
        "object_type": object_type_of(obj),
        "object_id": str(obj.pk if object_id is None else object_id),
        "object_repr": (str(obj) if object_repr is None else object_repr)[:300],
        "unit": unit,
        "before": _plain(before) if before is not None else None,
        "after": _plain(after) if after is not None else None,
        "reason": reason,
        "context": _plain(context) if context is not None else None,
    }


def log_actions(entries: list[dict], *, batch_size: int = 2000) -> int:
    """Record many changes in bulk (an import): each item is what ``audit_fields`` returns. Written in bulk
    (``lib.bulk.insert``: COPY on PostgreSQL) inside the caller's transaction; the log stays one entry per changed
    object."""
    if not entries:
        return 0
    now = timezone.now()
    for entry in entries:
        entry["at"] = now
    bulk.insert(AuditEntry, entries, batch_size=batch_size)
    return len(entries)
