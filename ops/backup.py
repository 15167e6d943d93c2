"""Backups that can be checked: a copy of the database and a manifest of every table's row count and checksum.

- SQLite: SQLite's online backup API copies a consistent image of the database into one file.
- PostgreSQL: ``pg_dump --format=custom`` in an exported snapshot, and the manifest computed in that same snapshot,
  so the file and its manifest describe the same instant even while people keep working.

``verify`` restores the file into a scratch database (a copied SQLite file, or a new PostgreSQL database that is
dropped afterwards), recomputes the manifest there and lists every table whose count or checksum differs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.utils import timezone

from lib.protected import owner_alias


def _tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every table Django manages, many-to-many tables included."""
    seen, out = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        out.append((meta.db_table, meta.pk.column))
    return sorted(out)


def _plain(value):
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, datetime | date | Decimal):
        return value.isoformat() if not isinstance(value, Decimal) else str(value.normalize())
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def fingerprints(conn, vendor: str) -> dict[str, dict]:
    """table → {"rows": n, "sha256": digest of its rows in primary-key order}, read through a plain DB-API
    connection (sqlite3 or psycopg) so the backup and the restore check read values the same way."""
    out = {}
    cursor = conn.cursor()
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    existing = {row[0] for row in cursor.fetchall()}
    for table, pk in _tables():
        if table not in existing:
            continue
        cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {_quote(pk)}")  # noqa: S608 - names from models
        digest, count = hashlib.sha256(), 0
        for row in cursor.fetchall():
            digest.update(json.dumps([_plain(v) for v in row], default=str).encode())
            count += 1
        out[table] = {"rows": count, "sha256": digest.hexdigest()}
    cursor.close()
    return out


def _tool(name: str) -> str:
    """The full path of a PostgreSQL client program (Debian's postgresql-client provides them)."""
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


def pg_connect(settings_dict: dict, name: str | None = None, *, autocommit: bool = False):
    """A psycopg connection of its own, outside any transaction Django holds."""
    import psycopg

    return psycopg.connect(
        dbname=name or settings_dict["NAME"],
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        autocommit=autocommit,
    )


def backup(path: Path) -> dict:
    """Write the backup to ``path`` and its manifest to ``path`` + ".json"; return the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    default = connections["default"]
    vendor = default.vendor
    if vendor == "sqlite":
        default.ensure_connection()
        target = sqlite3.connect(path)
        with target:
            default.connection.backup(target)
        # the copy of a WAL database is in WAL mode too; a backup is one self-contained file
        target.execute("PRAGMA journal_mode=DELETE")
        try:
            tables = fingerprints(target, vendor)
        finally:
            target.close()
    elif vendor == "postgresql":
        settings_dict = default.settings_dict
        with pg_connect(settings_dict) as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                    settings_dict["NAME"],
                ],
                check=True,
                env=_pg_env(settings_dict),
                capture_output=True,
            )
            tables = fingerprints(conn, vendor)
            conn.rollback()
    else:  # pragma: no cover - the project supports SQLite and PostgreSQL only
        raise RuntimeError(f"no backup for {vendor}")
    manifest = {
        "vendor": vendor,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "tables": tables,
    }
    Path(f"{path}.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def verify(path: Path) -> list[str]:
    """Restore ``path`` into a scratch database and compare with its manifest: the differences, or []."""
    path = Path(path)
    manifest = json.loads(Path(f"{path}.json").read_text())
    problems = []
    if hashlib.sha256(path.read_bytes()).hexdigest() != manifest["sha256"]:
        problems.append("the file's SHA-256 differs from the manifest (changed or truncated)")
    if manifest["vendor"] == "sqlite":
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "restored.sqlite3"
            shutil.copyfile(path, copy)
            conn = sqlite3.connect(copy)
            try:
                restored = fingerprints(conn, "sqlite")
            finally:
                conn.close()
    else:
        try:
            restored = _verify_postgres(path)
        except subprocess.CalledProcessError as exc:
            return [*problems, f"the restore failed: {exc.stderr.decode(errors='replace').strip()[:500]}"]
    expected = manifest["tables"]
    for table in sorted(set(expected) | set(restored)):
        want, got = expected.get(table), restored.get(table)
        if want is None or got is None:
            problems.append(f"{table}: {'missing from the backup' if got is None else 'not in the manifest'}")
        elif want["rows"] != got["rows"]:
            problems.append(f"{table}: {got['rows']} rows restored, {want['rows']} expected")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"{table}: same row count, different content")
    return problems


def _verify_postgres(path: Path) -> dict[str, dict]:
    settings_dict = connections[owner_alias()].settings_dict  # the restore check creates a database
    name = f"{settings_dict['NAME']}_restore_check_{os.getpid()}"
    with pg_connect(settings_dict, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_quote(name)}")
        admin.execute(f"CREATE DATABASE {_quote(name)}")
    try:
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [_tool("pg_restore"), "--no-owner", "--no-privileges", f"--dbname={name}", str(path)],
            check=True,
            env=_pg_env(settings_dict),
            capture_output=True,
        )
        with pg_connect(settings_dict, name) as conn:
            return fingerprints(conn, "postgresql")
    finally:
        with pg_connect(settings_dict, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {_quote(name)}")
