"""Backup and restore round trip: the restored copy has the same row counts and checksums as the manifest."""

import json
import sqlite3
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from ops.backup import backup, verify

pytestmark = pytest.mark.django_db


def test_a_backup_restores_to_the_same_counts_and_checksums(tmp_path):
    path = tmp_path / "bdg.backup"
    manifest = backup(path)
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["units_adminunit"]["rows"] > 3000  # the reference data is in it
    assert manifest["tables"]["accounts_user"]["rows"] == User.objects.count()
    assert verify(path) == []
    out = StringIO()
    call_command("verify_backup", str(path), stdout=out)
    assert "khớp" in out.getvalue()


def test_a_changed_backup_is_caught(tmp_path):
    path = tmp_path / "bdg.backup"
    backup(path)
    if connection.vendor == "sqlite":  # a row deleted from the copy: the restore check names the table
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM units_unitname WHERE id = (SELECT MAX(id) FROM units_unitname)")
        expected = "units_unitname"
    else:  # a custom-format dump cannot be edited in place; a changed byte is caught by the file's checksum
        with open(path, "ab") as dump:
            dump.write(b"\0")
        expected = "SHA-256"
    problems = verify(path)
    assert any("SHA-256" in p for p in problems)
    assert expected in " ".join(problems)
    with pytest.raises(CommandError, match=expected):
        call_command("verify_backup", str(path))


def test_a_manifest_that_does_not_match_is_caught(tmp_path):
    path = tmp_path / "bdg.backup"
    backup(path)
    manifest_path = tmp_path / "bdg.backup.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["accounts_user"]["rows"] += 1
    manifest_path.write_text(json.dumps(manifest))
    assert verify(path) == [
        f"accounts_user: {manifest['tables']['accounts_user']['rows'] - 1} rows restored, "
        f"{manifest['tables']['accounts_user']['rows']} expected"
    ]
