"""Lifting the protecting triggers while the web processes go on writing: the maintenance waits its turn."""

import threading
import time

import pytest
from django.db import connection, connections

from audit.models import AuditEntry
from audit.services import log_action
from indicators.models import Indicator
from lib.locking import write_transaction
from lib.protected import lifted, owner_alias
from tests.conftest import load_reference_and_personas

pytestmark = [pytest.mark.concurrent, pytest.mark.django_db(transaction=True, databases="__all__")]


def test_lifting_waits_for_a_writer_that_commits_meanwhile_instead_of_failing(persona):
    """On SQLite a transaction that reads the triggers and then drops them failed at once with "database is
    locked" when a request committed a write in between (seen when a browser test's page was still saving as the
    test emptied the tables). Now it takes the write lock first and waits for the request to finish."""
    load_reference_and_personas()
    actor, indicator = persona("ministry_admin"), Indicator.objects.first()
    writing, errors = threading.Event(), []

    def request_that_writes():
        try:
            with write_transaction():
                log_action(actor=actor, action="test.meanwhile", obj=indicator)
                writing.set()
                time.sleep(0.5)  # still holding its write when the maintenance begins
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
            writing.set()
        finally:
            connection.close()

    thread = threading.Thread(target=request_that_writes)
    thread.start()
    assert writing.wait(10)
    using = owner_alias()
    with lifted(using):  # raised "database is locked" here before
        seen = AuditEntry.objects.using(using).filter(action="test.meanwhile").count()
    thread.join(10)
    assert errors == []
    assert seen == 1  # it began after the writer's commit, so it sees the write
    connections[using].close()
