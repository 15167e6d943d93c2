"""Reference data and the named personas are built once per session; each test runs in a transaction."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TransactionTestCase

from accounts.models import Role, User
from accounts.services import user_create
from agencies.models import Agency
from lib.protected import PROTECTED, lifted, owner_alias

PASSWORD = "correct-horse-battery"

# username: (role, unit code, level, agency kind)
PERSONAS = {
    "ministry_admin": (Role.MINISTRY_ADMIN, "VN", None),
    "ministry_officer": (Role.MINISTRY_OFFICER, "VN", None),
    "ministry_viewer": (Role.VIEWER, "VN", None),
    "focal": (Role.FOCAL_OFFICER, "80", None),
    "department": (Role.DEPARTMENT_OFFICER, "80", "y_te"),
    "commune": (Role.COMMUNE_OFFICER, "commune-of-80", None),
    "province_viewer": (Role.VIEWER, "80", None),
    "outsider": (Role.FOCAL_OFFICER, "01", None),
}


def _unit(code: str):
    from units.selectors import communes_of, unit_resolve

    if code == "commune-of-80":
        return communes_of(unit_resolve(code="80", on=date.today())).first()
    return unit_resolve(code=code, on=date.today())


def load_reference_and_personas() -> None:
    """Reference data, one user per persona and a signed-in user with no role. Idempotent."""
    call_command("load_reference", verbosity=0, stdout=StringIO())
    for username, (role, code, agency_kind) in PERSONAS.items():
        if User.objects.filter(username=username).exists():
            continue
        unit = _unit(code)
        agency = Agency.objects.get(province=unit, kind__code=agency_kind) if agency_kind else None
        user_create(
            username=username,
            password=PASSWORD,
            full_name=username.replace("_", " ").title(),
            email=f"{username}@example.invalid",
            role=role,
            unit=unit,
            agency=agency,
        )
    if not User.objects.filter(username="no_role").exists():
        User.objects.create_user("no_role", "no_role@example.invalid", PASSWORD)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_and_personas()


@pytest.fixture
def persona(db):
    def get(name: str) -> User:
        return User.objects.select_related("unit", "unit__parent", "agency").get(username=name)

    return get


@pytest.fixture
def tay_ninh(db):
    return _unit("80")


@pytest.fixture
def client_as(client, persona):
    def login(name: str):
        client.force_login(persona(name))
        return client

    return login


def _fixture_teardown_past_protection(self):
    """Transactional tests (browser, concurrent) empty every table when they end; the audit log and the submissions
    refuse that (lib/protected.py), so the flush runs with their triggers lifted, as the tables' owner. When the
    suite runs as the application's restricted role (CI on PostgreSQL), the owner is DATABASE_OWNER_URL."""
    if owner_alias() == "default":
        with lifted():
            _django_fixture_teardown(self)
        return
    from django.core.management.color import no_style
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection, connections

    from ops.backup import pg_connect

    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables)
    with pg_connect(connections["owner"].settings_dict) as owner:  # one transaction, committed on leaving
        for table in PROTECTED:
            owner.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        for statement in statements:
            owner.execute(statement)
        for table in PROTECTED:
            owner.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
    if self.available_apps is None:
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


_django_fixture_teardown = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _fixture_teardown_past_protection


def pytest_collection_modifyitems(items):
    """Browser tests (a live server) and concurrent ones (threads on a committed database) empty every table when
    they end; run them after the rest."""
    items.sort(
        key=lambda item: (
            "tests/browser/" in str(item.fspath).replace("\\", "/")
            or item.get_closest_marker("concurrent") is not None
        )
    )


@pytest.fixture
def agency(tay_ninh):
    def get(kind: str) -> Agency:
        return Agency.objects.get(province=tay_ninh, kind__code=kind)

    return get


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters (and anything else cached) never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def english(client, settings):
    """Pages and messages in English, for tests that assert on the wording of a message rather than on how the
    Vietnamese page reads (the Vietnamese catalogue is checked by its own tests and by msgfmt)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def vi_text(msgid: str) -> str:
    """A message as the Vietnamese page shows it."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("vi"):
        return gettext(msgid)


def table_digest(*tables: str) -> dict:
    """Row count and digest of each table, read the way the backup reads it: what a refused save must leave."""
    from django.db import connection

    from ops.backup import fingerprints

    connection.ensure_connection()
    every = fingerprints(connection.connection, connection.vendor)
    return {table: every[table] for table in tables}
