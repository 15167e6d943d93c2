"""Every request has an id, sent back and written on its log lines as JSON."""

import json
import logging

import pytest

from lib.logs import JsonFormatter, RequestIdFilter


@pytest.mark.django_db
def test_a_request_id_is_kept_or_made_and_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="bdg.access"):
        given = client.get("/healthz", headers={"X-Request-ID": "lb-1234"})
        made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces; drop table"})
    assert given["X-Request-ID"] == "lb-1234"
    assert made["X-Request-ID"] != "bad id with spaces; drop table" and len(made["X-Request-ID"]) == 32
    record = next(r for r in caplog.records if r.name == "bdg.access" and r.path == "/healthz")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "lb-1234"
    assert line["status"] == 200 and line["method"] == "GET" and line["duration_ms"] >= 0
    assert "time" in line and line["level"] == "INFO"


def test_log_lines_outside_a_request_carry_a_dash():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line == {**line, "request_id": "-", "message": "hello world", "logger": "x"}
