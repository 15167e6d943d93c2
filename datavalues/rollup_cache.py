"""Computed roll-ups kept in the cache (the database cache in production, shared by every web process), year by
year, under tokens that change whenever the data they are computed from changes.

Tokens: one for each year, replaced when a value of that year is saved or deleted, and one for everything,
replaced when a series or a unit changes (or by ``data_changed()`` without a year). A cached year is stored under
both, so a value entered for 2026 makes the 2026 roll-ups be computed again and leaves 2021-2025's where they
are. Replacement happens once the writing transaction commits (signals connected in ``datavalues.apps``); until
then that transaction does not use the cache at all (it must see its own writes; others keep reading the
committed data under the old tokens), and a transaction rolled back leaves the tokens as they were. An entry
under a replaced token is never read again and ages out. Writes of values that bypass the signals (``bulk_create``,
``update()``, raw SQL: the ``seed_scale`` command, the set-based writers) call ``data_changed()`` or
``values_changed()`` themselves; every other write is seen in the SQL itself (``watch``).

What depends on reference data alone (the tree a roll-up reads: provinces, former provinces, ranges of commune
ids; the indicators' primary series; the names of units and agencies; the reporting cycles' dates) is kept in each
process under the token of everything (``kept_while_units_stay``); ``REFERENCE`` names the tables whose writes
replace that token. Within a web request the token is read from the shared cache once, on first use,
so every page sees one state of the reference data and pays one cache read for it."""

import contextlib
import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar, overload
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

from lib.release import code_version

TIMEOUT = 24 * 60 * 60  # entries under a replaced token are never read again; this frees their room


def _key(year: int | None, scope: str = "") -> str:
    if year is None:
        return "rollup:token"
    return f"rollup:token:{year}:{scope}" if scope else f"rollup:token:{year}"


ALL = "all"  # the scope of a change not known to stay within one province (bulk writes, the nation's values)
WORK = "rollup:token:work"  # replaced by any write to the work's tables (plans, reports, inspections, ...)


class _Replace:
    """The on-commit callback replacing the token of ``year`` (of everything when None). With a year, the token
    of the year (what national roll-ups read) and the year's token of the ``province`` the value counts in, or,
    when the change is not known to stay within one province, the year's token of every province (``ALL``)."""

    def __init__(self, year: int | None, province: int | None = None, *, work: bool = False):
        self.year, self.province, self.work = year, province, work

    def __call__(self) -> None:
        tokens = {WORK: uuid4().hex} if self.work else {_key(self.year): uuid4().hex}
        if self.year is not None and not self.work:
            scope = f"p{self.province}" if self.province is not None else ALL
            tokens[_key(self.year, scope)] = uuid4().hex
        cache.set_many(tokens, None)
        if self.year is None and not self.work:
            _request.everything = None  # read it again: this process changed it
        # At a commit Django has already taken this callback off its list; the tests' capture of on-commit
        # callbacks runs it but leaves it there, which would make the connection look as if writes were pending.
        connection = transaction.get_connection()
        connection.run_on_commit[:] = [entry for entry in connection.run_on_commit if entry[1] is not self]


def _pending(connection) -> list[_Replace]:
    """The replacements the current transaction will make at its commit (it wrote data the roll-up reads)."""
    return [entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _Replace)]


def province_scopes(unit_ids) -> dict[int, int | None]:
    """unit id → the id of today's province whose roll-ups count the unit's values (the province itself, the one
    a former province merged into, a commune's); None for the nation. A query a level, whatever the number of
    units (commune → former province → the province it merged into)."""
    from units.models import AdminUnit

    out: dict[int, int | None] = {}
    pending = {uid: uid for uid in unit_ids}  # the unit asked about → the unit its answer is looked for at
    for _level in range(4):
        if not pending:
            break
        rows = AdminUnit.objects.filter(pk__in=set(pending.values())).values_list(
            "pk", "level", "parent_id", "merged_into_id"
        )
        found = {pk: (level, parent, merged) for pk, level, parent, merged in rows}
        step = {}
        for asked, at in pending.items():
            level, parent, merged = found.get(at, ("nation", None, None))
            if level == "nation":
                out[asked] = None
            elif merged is not None:
                step[asked] = merged
            elif level == "province":
                out[asked] = at
            elif parent is None:
                out[asked] = None
            else:
                step[asked] = parent
        pending = step
    out.update({asked: None for asked in pending})
    return out


def province_scope(unit) -> int | None:
    """``province_scopes`` of one unit."""
    return province_scopes([unit.pk])[unit.pk]


def scope_of(unit) -> int | None:
    """The province whose values a unit's figures are computed from, kept with the reference data: what to pass
    as ``province`` to ``cached`` and ``cached_by_year`` (None for the nation: every province's values)."""
    if unit.level == "nation":
        return None
    return kept_while_units_stay(("province scope", unit.pk), lambda: province_scope(unit))


def data_changed(
    sender=None, instance=None, year: int | None = None, province: int | None = None, **_kwargs
) -> None:
    """The data changed: new tokens at commit (at once outside a transaction), for the year of the value saved or
    deleted (and its province's), else for everything. ``province`` with ``year``: the change stays within that
    province (``province_scopes``). Also the signal receiver."""
    if (
        year is None
        and instance is not None
        and sender is not None
        and sender._meta.model_name == "datavalue"
    ):
        year, province = instance.year, province_scope(instance.unit)
    if year is None:
        province = None
    _at_commit(
        _Replace(year, province),
        lambda r: not r.work and (r.year is None or (r.year == year and r.province in (province, None))),
    )


def _at_commit(replace: _Replace, covered: Callable[[_Replace], bool]) -> None:
    """``replace`` once the transaction commits (at once outside one), unless a replacement already pending is
    ``covered``: it replaces at least the same tokens."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        replace()
    elif not any(covered(r) for r in _pending(connection)):
        transaction.on_commit(replace)


# --- every write to the database, seen where it is sent -----------------------------------------------------------
#
# Writes that send no signal (QuerySet.update(), bulk_create(), raw SQL, the reference loader) change what the caches
# hold too. Each connection runs its statements through ``watch``, which looks at the table an INSERT, UPDATE or
# DELETE writes: reference data replaces the token of everything, the rest of the work (plans, tasks, reports,
# inspections, communication, ...) the token of the work, at commit like the values' tokens. Values have their own
# finer tokens (by year and province): their writes are reported by signals and by the set-based writers.

_WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
# what the caches never hold: sessions, the cache itself, the audit log, jobs, log-in records, accounts
UNWATCHED = (
    "django_",
    "bdg_cache",
    "audit_",
    "jobs_",
    "axes_",
    "auth_",
    "accounts_",
    "datavalues_datavalue",
)
REFERENCE = (
    "units_",
    "agencies_",
    "indicators_",
    "datavalues_series",
    "datavalues_partassignment",
    "reports_reportingcycle",
)


def table_changed(table: str) -> None:
    """``table`` was written: the token of everything (reference data) or of the work, at commit."""
    if table.startswith(UNWATCHED):
        return
    if table.startswith(REFERENCE):
        data_changed()
    else:
        _at_commit(_Replace(None, work=True), lambda r: r.work)


class _Migrating:
    """Whether ``migrate`` is running in this process: its writes (SQLite rebuilding a table, data migrations) are
    not reported one by one, before the cache's own table may exist; everything is reported once at the end."""

    now = False


def migration_started(sender=None, **_kwargs) -> None:
    """``pre_migrate`` receiver."""
    _Migrating.now = True


def migration_finished(sender=None, **_kwargs) -> None:
    """``post_migrate`` receiver (sent for each app once every migration ran): the token of everything."""
    if _Migrating.now:
        _Migrating.now = False
        data_changed()


# Writes seen outside a transaction on SQLite whose statement is still running (an INSERT ... RETURNING whose row
# the caller has not read yet): reported before the connection's next statement, at the end of a web request, or
# when the process ends. Reporting at once writes the cache through the same connection, and SQLite cannot commit
# that write while the INSERT is in progress: the rollback that follows took the INSERT with it.
_after_statement = threading.local()


def report_deferred(**_kwargs) -> None:
    """Report the writes ``watch`` left for after their statement (also a signal receiver, and run when the
    process ends: ``report_at_exit``)."""
    tables = getattr(_after_statement, "tables", None)
    if tables:
        _after_statement.tables = []
        for table in dict.fromkeys(tables):
            table_changed(table)


def report_at_exit() -> None:
    """``atexit``: a command whose last statement was such a write still reports it; never raises at exit."""
    with contextlib.suppress(Exception):  # the database may already be gone (a test run's)
        report_deferred()


def watch(execute, sql, params, many, context):
    """The execute wrapper of every connection (``datavalues.apps``): runs the statement, then reports a write."""
    report_deferred()
    result = execute(sql, params, many, context)
    if sql[:1] in "IUDiud" and not _Migrating.now:
        found = _WRITE.match(sql)
        if found:
            connection = context["connection"]
            if connection.vendor == "sqlite" and not connection.in_atomic_block and "RETURNING" in sql:
                if not found.group(1).lower().startswith(UNWATCHED):
                    _after_statement.tables = [
                        *getattr(_after_statement, "tables", []),
                        found.group(1).lower(),
                    ]
            else:
                table_changed(found.group(1).lower())
    return result


def watch_connection(sender=None, connection=None, **_kwargs) -> None:
    """``connection_created`` receiver: the new connection's statements go through ``watch``."""
    if connection is not None and watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


def values_changed(units_by_year: dict[int, set[int]], *, most: int = 200) -> None:
    """Values of these units were written, year by year (set-based writes, which send no signals): the tokens of
    those years and of the provinces the units count in. Above ``most`` units a year (a national file), every
    province's token of the year is replaced, without looking the units up."""
    for year, unit_ids in sorted(units_by_year.items()):
        if len(unit_ids) > most:
            data_changed(year=year)
            continue
        provinces = set(province_scopes(unit_ids).values())
        if None in provinces:  # the nation's own values: not within one province
            data_changed(year=year)
            continue
        for province in sorted(provinces):
            data_changed(year=year, province=province)


def _tokens(years, also: str | None = None, province: int | None = None, *, work: bool = False):
    """(token of everything, {year: token}), and with ``also`` the cache's entry under that key, in one read. With
    ``province``, a year's token is the pair of that province's token and every province's (``ALL``): what a
    roll-up within the province depends on; else the token of the year, which every change of the year replaces."""

    def of(year) -> list[str]:
        return [_key(year)] if province is None else [_key(year, ALL), _key(year, f"p{province}")]

    keys = [_key(None), *(k for y in years for k in of(y)), *([WORK] if work else [])]
    found = cache.get_many([*keys, also] if also else keys)
    missing = [k for k in keys if k not in found]
    if missing:
        fresh = {key: uuid4().hex for key in missing}
        for key, token in fresh.items():
            cache.add(key, token, None)  # the first process to need one sets it
        found.update(cache.get_many(missing))
        # A cache that did not keep the token (the database cache refuses a write while another process holds
        # SQLite's lock, or culls it at once): this read then matches no entry, as after a change, rather than
        # failing the request.
        for key in missing:
            found.setdefault(key, fresh[key])
    tokens = found[_key(None)], {y: ":".join(found[k] for k in of(y)) for y in years}
    if work:
        tokens = (*tokens, found[WORK])
    return (*tokens, found.get(also)) if also else tokens


_seen = threading.local()  # the token of everything read by the cached_by_year call under way, if any
_request = threading.local()  # .active within a web request; .everything: the token read in it, once


def request_started(**_kwargs) -> None:
    """A web request begins (signal receiver, ``datavalues.apps``): the token of everything is read afresh."""
    _request.active, _request.everything = True, None


def request_finished(**_kwargs) -> None:
    report_deferred()
    _request.active, _request.everything = False, None


def _everything() -> str:
    """The token of everything: read once per web request, at each call elsewhere (jobs, commands)."""
    memo = getattr(_request, "everything", None)
    if memo is not None:
        return memo
    value = _tokens([])[0]
    if getattr(_request, "active", False):
        _request.everything = value
    return value


def writing() -> bool:
    """True inside a transaction that wrote data the caches depend on (it must read its own writes, uncached)."""
    return bool(_pending(transaction.get_connection()))


_kept: dict = {}  # key → (token of everything, value): ``kept_while_units_stay``


def kept_while_units_stay(key, build: Callable):
    """``build()``, kept in this process until the token of everything changes (a unit or a series was saved,
    or ``data_changed()`` was called without a year): for what is computed from the units and series alone. Not kept by a transaction that wrote (it must see its
    own writes)."""
    if writing():
        return build()
    everything = getattr(_seen, "everything", None) or _everything()
    kept = _kept.get(key)
    if kept is not None and kept[0] == everything:
        return kept[1]
    value = build()
    _kept[key] = (everything, value)
    return value


def cached_by_year(
    name: str,
    spec: tuple,
    years: list[int],
    compute: Callable[[list[int]], dict],
    *,
    province: int | None = None,
) -> dict:
    """{year: compute([...])[year]} for ``years``, kept under ``name`` and ``spec`` (what the result depends on
    besides the data) until that year's data changes; ``compute`` gets only the years not kept. With
    ``province`` (a roll-up within that province: its own, a commune's, a former province's) only changes that
    count in the province, or are not known to stay within one, make a year be computed again; saves in other
    provinces leave it. One cache entry for all the years of a spec, each year stored with its token: the entries
    stay few (one for each unit whose roll-up is asked for) and leave room in the shared cache for its other
    users (the API's rate counters)."""
    if writing():
        return compute(years)
    key = f"rollup:{name}:{hashlib.sha256(repr((spec, code_version())).encode()).hexdigest()[:40]}"
    # one read of the cache for the tokens and the entry
    everything, by_year, entry = _tokens(years, also=key, province=province)
    if not entry or entry.get("everything") != everything:
        entry = {"everything": everything, "years": {}}
    kept = entry["years"]
    missing = [y for y in years if y not in kept or kept[y][0] != by_year[y]]
    if missing:
        _seen.everything = everything
        try:
            fresh = compute(missing)
        finally:
            _seen.everything = None
        for year in missing:
            kept[year] = (by_year[year], fresh[year])
        cache.set(key, entry, TIMEOUT)
    return {y: kept[y][1] for y in years}


_T = TypeVar("_T")


@overload
def cached(
    name: str,
    spec: tuple,
    compute: Callable[[], _T],
    *,
    years: Iterable[int] = (),
    province: int | None = None,
    stamped: Literal[False] = False,
) -> _T: ...
@overload
def cached(
    name: str,
    spec: tuple,
    compute: Callable[[], _T],
    *,
    years: Iterable[int] = (),
    province: int | None = None,
    stamped: Literal[True],
) -> tuple[_T, str | None]: ...
@overload
def cached(
    name: str,
    spec: tuple,
    compute: Callable[[], _T],
    *,
    years: Iterable[int] = (),
    province: int | None = None,
    stamped: bool,
) -> _T | tuple[_T, str | None]: ...
def cached(
    name: str,
    spec: tuple,
    compute: Callable[[], _T],
    *,
    years: Iterable[int] = (),
    province: int | None = None,
    stamped: bool = False,
) -> _T | tuple[_T, str | None]:
    """``compute()``, kept in the shared cache under ``name`` and ``spec`` until reference data, the work (plans,
    tasks, reports, inspections, ...: any write the ``watch`` sees) or the values of ``years`` change; with
    ``province``, only the values that count in that province (``cached_by_year``). For what a page computes from
    all of these (a draft report's figures, a dashboard's summary). The tokens are read before computing, so a
    change committed meanwhile is never stored under the tokens from before it. A transaction that wrote computes
    afresh and keeps nothing. ``stamped``: (the value, its stamp), the stamp naming this state of what the value
    was computed from (None when nothing was kept), for ``fragment``."""
    if writing():
        return (compute(), None) if stamped else compute()
    from django.utils import timezone, translation

    years = list(years)
    # what is computed may be worded in the page's language and depend on the day (days left, tasks due); another
    # release may compute it otherwise, or into other classes
    spec = (spec, translation.get_language(), timezone.localdate().isoformat(), code_version())
    key = f"rollup:{name}:{hashlib.sha256(repr(spec).encode()).hexdigest()[:40]}"
    everything, by_year, work, entry = _tokens(years, also=key, province=province, work=True)
    stamp = (everything, work, tuple(by_year[y] for y in years))
    named = hashlib.sha256(repr((key, stamp)).encode()).hexdigest()[:40]
    if entry is not None and entry[0] == stamp:
        return (entry[1], named) if stamped else entry[1]
    _seen.everything = everything
    try:
        value = compute()
    finally:
        _seen.everything = None
    cache.set(key, (stamp, value), TIMEOUT)
    return (value, named) if stamped else value


def fragment(stamp: str | None, name: str, render: Callable[[], str]) -> str:
    """HTML rendered from a value ``cached`` under ``stamp`` (and nothing else that varies: the same for everyone
    who may see the page), kept in the shared cache under that stamp: a part of a page that is the same until the
    value is computed again. Without a stamp (a transaction that wrote) it is rendered afresh."""
    from django.utils.safestring import mark_safe

    if stamp is None:
        return render()
    key = f"rollup:fragment:{name}:{stamp}"  # the stamp names the code's version too (``cached``'s key)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, escaped there


def token() -> str:
    """The token of everything (changes with every series or unit, and with ``data_changed()`` without a year)."""
    return _tokens([])[0]


def year_token(year: int) -> str:
    return _tokens([year])[1][year]
