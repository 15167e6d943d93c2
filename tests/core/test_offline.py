"""The pieces of offline entry the server gives (core/offline.py): the service worker, the web manifest, the mark
on the pages the worker may keep, and what every signed-in page tells static/js/offline.js."""

import base64
import json
import re

import pytest
from django.contrib.staticfiles import finders

from core.offline import USER_HEADER


def config_of(response) -> dict:
    found = re.search(
        r'<script id="offline-config" type="application/json">(.*?)</script>', response.text, re.S
    )
    assert found, "the page carries no offline configuration"
    return json.loads(found.group(1))


@pytest.mark.django_db
def test_the_worker_loads_workbox_and_precaches_files_that_exist(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/data/"
    assert "no-cache" in response["Cache-Control"]
    config = json.loads(re.search(r"const CONFIG = (\{.*\});\n", response.text).group(1))
    static = config["static"]
    wanted = [config["workbox"], *config["modules"].values(), *(item["url"] for item in config["precache"])]
    for (
        url
    ) in wanted:  # every file the worker imports or precaches is a static file the server has (from npm)
        assert url.startswith(static) and finders.find(url[len(static) :]), url
    assert set(config["modules"]) == {
        "workbox-core",
        "workbox-routing",
        "workbox-strategies",
        "workbox-precaching",
    }
    assert all(item["revision"] for item in config["precache"])
    assert "Mất kết nối mạng" in config["offlinePage"]  # its one page of its own, in Vietnamese


@pytest.mark.django_db
def test_the_manifest_names_the_app_in_vietnamese_and_opens_the_worklist(client):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["name"] == "Bình đẳng giới 2021-2030: nhập số liệu"
    assert manifest["start_url"] == "/data/" and manifest["icons"]


def test_only_the_worklist_and_the_grids_are_marked_for_the_worker_with_their_user(
    client_as, persona, tay_ninh
):
    client = client_as("focal")
    focal = persona("focal")
    for url in ("/data/", f"/data/M2.1/2026/?unit={tay_ninh.pk}"):
        response = client.get(url)
        assert response.status_code == 200 and response[USER_HEADER] == str(focal.pk), url
    for url in ("/", "/data/assignments/", "/plans/"):
        assert USER_HEADER not in client.get(url), url


def test_a_page_of_someone_who_enters_figures_registers_the_worker_with_its_user(client_as, persona):
    for name, enters in (
        ("commune", True),
        ("department", True),
        ("focal", True),
        ("province_viewer", False),
    ):
        config = config_of(client_as(name).get("/"))
        assert config["user"] == persona(name).pk
        assert config["enter"] is enters, name
        assert config["worker"] == "/sw.js" and config["scope"] == "/data/"
        assert config["messages"]["offline"].startswith("Mất mạng")


def test_the_status_line_shows_on_the_grid_and_the_worklist_of_those_who_enter(client_as, tay_ninh):
    page = client_as("commune").get("/data/")
    assert "data-offline-status" in page.text and "data-offline-keep" in page.text
    viewer = client_as("province_viewer").get(f"/data/M2.1/2026/?unit={tay_ninh.pk}")
    assert "data-offline-status" not in viewer.text


@pytest.mark.django_db
def test_an_anonymous_page_carries_no_offline_configuration(client):
    assert "offline-config" not in client.get("/accounts/login/").text


def test_each_user_gets_a_key_of_their_own_for_the_queued_figures_the_same_at_every_sign_in(
    client_as, persona
):
    commune = config_of(client_as("commune").get("/"))["key"]
    again = config_of(client_as("commune").get("/data/"))["key"]
    department = config_of(client_as("department").get("/"))["key"]
    assert commune == again and commune != department
    assert len(base64.b64decode(commune)) == 32  # AES-256
