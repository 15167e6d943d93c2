"""The load test of `make bench`: people of the national-scale dataset (``manage.py seed_scale``) using the site at
the same time. Run by ``manage.py run_bench``, which writes the scenario (accounts, plans, API tokens) and reads
back every request's time; by hand:

    locust -f bench/locustfile.py --headless -u 50 -r 2 --run-time 90s --host http://127.0.0.1:8031

with BENCH_SCENARIO naming the scenario file. Each simulated person logs in through the login form once, then
opens a page every 2 to 6 seconds, the pages of their role in proportions a working day might have: provinces'
focal officers (the most numerous) their worklist, entry grids, plan, report and dashboards; department and
commune officers their worklist and grid, saving a value now and then (each save changes the data, so the
cached roll-ups are computed again); the ministry its national overview, cockpit, comparisons and a
province's drill-down; and both read values, roll-ups and progress through the API with a bearer token, as their
own systems would. The run stops after BENCH_MAX_REQUESTS requests even if time remains."""

import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, events, task

SCENARIO = json.loads(Path(os.environ.get("BENCH_SCENARIO", "bench-scenario.json")).read_text())
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "6000"))
# BENCH_NO_WAIT=1: no think time between pages, for the throughput ceiling (a few people asking as fast as served)
NO_WAIT = os.environ.get("BENCH_NO_WAIT") == "1"
SAMPLES = os.environ.get("BENCH_SAMPLES")
YEAR = SCENARIO["year"]
_samples: list[list] = []
_env = {}


@events.init.add_listener
def _init(environment, **_kwargs):
    _env["environment"] = environment


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    _samples.append([time.time(), request_type, name, round(response_time, 1), status, str(exception or "")])
    if len(_samples) == MAX_REQUESTS:
        runner = _env["environment"].runner
        gevent.spawn_later(0, runner.quit)


@events.quitting.add_listener
def _write(environment, **_kwargs):
    if SAMPLES:
        Path(SAMPLES).write_text(json.dumps({"samples": _samples, "max_requests": MAX_REQUESTS}))


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_SHOWN = re.compile(r'name="version" value="(\d+)"')


class Person(HttpUser):
    abstract = True
    wait_time = constant(0) if NO_WAIT else between(2, 6)
    role = ""

    def account(self) -> dict:
        raise NotImplementedError

    def on_start(self):
        self.me = self.account()
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.me["username"],
                "password": SCENARIO["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"login refused for {self.me['username']}")

    def page(self, url: str, name: str):
        return self.client.get(url, name=name)

    def api(self, url: str, name: str):
        return self.client.get(url, name=name, headers={"Authorization": f"Bearer {self.me['token']}"})


def _indicator() -> str:
    return random.choice(SCENARIO["indicators"])  # noqa: S311 - a load test's choice of page


class FocalOfficer(Person):
    """A province's focal officer at the Department of Home Affairs."""

    weight = 5

    def account(self):
        return random.choice(SCENARIO["provinces"])  # noqa: S311

    @task(3)
    def home(self):
        self.page("/", "home")

    @task(4)
    def worklist(self):
        self.page(f"/data/?year={YEAR}", "data worklist")

    @task(3)
    def grid(self):
        self.page(f"/data/{_indicator()}/{YEAR}/", "data grid")

    @task(1)
    def grid_communes(self):
        code = random.choice(SCENARIO["commune_indicators"])  # noqa: S311
        self.page(f"/data/{code}/{YEAR}/?rows=communes", "data grid by commune")

    @task(2)
    def plan(self):
        self.page(f"/plans/{self.me['plan']}/", "plan")

    @task(1)
    def plans(self):
        self.page("/plans/", "plan list")

    @task(2)
    def report(self):
        self.page(f"/reports/{self.me['code']}/annual/{YEAR}/", "annual report")

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "dashboard (province)")

    @task(2)
    def indicator(self):
        self.page(f"/dashboard/{self.me['code']}/indicators/{_indicator()}/", "indicator page (province)")

    @task(1)
    def compare(self):
        self.page(f"/compare/{_indicator()}/?year={YEAR}", "comparison")

    @task(1)
    def completeness(self):
        self.page(f"/data/completeness/?year={YEAR}", "completeness")

    @task(1)
    def validation(self):
        self.page(f"/data/validation/?year={YEAR}", "validation")

    @task(1)
    def api_values(self):
        self.api(f"/api/v1/values?unit={self.me['code']}&year={YEAR}", "API values")

    @task(1)
    def api_progress(self):
        self.api(f"/api/v1/progress?unit={self.me['code']}&year={YEAR}", "API progress")


class AgencyOfficer(Person):
    """A department's or a commune's officer: their own list of figures and the grid."""

    weight = 2

    def account(self):
        return random.choice(SCENARIO["agencies"])  # noqa: S311

    @task(2)
    def home(self):
        self.page("/", "home")

    @task(4)
    def worklist(self):
        self.page(f"/data/?year={YEAR}", "data worklist")

    @task(3)
    def grid(self):
        code = random.choice(self.me["indicators"])  # noqa: S311
        self.page(f"/data/{code}/{YEAR}/", "data grid")

    @task(1)
    def dashboard(self):
        self.page("/dashboard/", "dashboard (province)")

    @task(2)
    def save(self):
        """Save a value again from the grid (the cell the page posts with htmx)."""
        if not self.me["cells"]:
            return
        cell = random.choice(self.me["cells"])  # noqa: S311
        response = self.client.post(
            "/data/cell/",
            {**cell, "year": YEAR},
            headers={
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": f"{self.host}/data/",
            },
            name="save a value",
        )
        shown = VERSION_SHOWN.search(response.text or "")
        if shown:  # the version the cell now carries, as the grid's next save would send it
            cell["version"] = int(shown.group(1))


class MinistryOfficer(Person):
    """The ministry: the national overview, the cockpit, comparisons, a province's drill-down, the reports."""

    weight = 2

    def account(self):
        return random.choice(SCENARIO["ministry"])  # noqa: S311

    def _province(self) -> str:
        return random.choice(SCENARIO["provinces"])["code"]  # noqa: S311

    @task(2)
    def home(self):
        self.page("/", "home")

    @task(3)
    def national(self):
        self.page("/dashboard/", "dashboard (nation)")

    @task(2)
    def cockpit(self):
        self.page(f"/cockpit/?year={YEAR}", "cockpit")

    @task(2)
    def drill_down(self):
        self.page(f"/cockpit/{self._province()}/?year={YEAR}", "cockpit province")

    @task(2)
    def compare(self):
        self.page(f"/compare/{_indicator()}/?year={YEAR}", "comparison")

    @task(2)
    def province(self):
        self.page(f"/dashboard/{self._province()}/", "dashboard (province)")

    @task(1)
    def indicator(self):
        self.page(f"/dashboard/VN/indicators/{_indicator()}/", "indicator page (nation)")

    @task(1)
    def reports(self):
        self.page("/reports/", "report list")

    @task(1)
    def province_report(self):
        self.page(f"/reports/{self._province()}/annual/{SCENARIO['report_year']}/", "annual report")

    @task(1)
    def api_rollup(self):
        self.api(f"/api/v1/rollup?indicator={_indicator()}&unit=VN&year={YEAR}", "API rollup")
