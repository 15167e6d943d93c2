"""The load test of `make bench`: gunicorn on the loopback with production settings (DEBUG off, a secret key, no
HTTPS on the loopback), on the bench's PostgreSQL database, and locust driving the people of ``bench/locustfile.py``
for a bounded time and number of requests; then the peak memory of each web worker. Everything started here is
stopped here, by its process id."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.measure import Figure
from bench.seed import PREFIX

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
LOGINS = ("login", "login form")


def scenario(*, password: str, year: int, report_year: int) -> dict:
    """Who the simulated people are: the seeded accounts, each province's plan in force and a fresh API token each
    (the secret is shown once, so the bench issues its own)."""
    from accounts.models import Role, User
    from accounts.services import api_token_issue
    from datavalues.selectors import worklist
    from indicators.models import Indicator
    from plans.selectors import plan_for_year

    users = User.objects.filter(username__startswith=PREFIX, is_active=True).select_related("unit", "agency")
    out: dict = {
        "password": password,
        "year": year,
        "report_year": report_year,
        "provinces": [],
        "agencies": [],
        "ministry": [],
    }
    national = list(
        Indicator.objects.filter(active=True, province__isnull=True)
        .exclude(derivation="programme_register")
        .order_by("code")
    )
    out["indicators"] = [i.code for i in national]
    out["commune_indicators"] = [i.code for i in national if "commune" in i.collection_level.lower()]
    for user in users.order_by("username"):
        if user.role == Role.FOCAL_OFFICER:
            plan = plan_for_year(province=user.unit, year=year)
            if plan is None:
                continue
            out["provinces"].append(
                {
                    "username": user.username,
                    "code": user.unit.code,
                    "plan": plan.pk,
                    "token": api_token_issue(user=user),
                }
            )
        elif user.role in (Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER):
            items = worklist(user, year)
            codes = sorted({item.indicator.code for item in items})
            if codes:
                out["agencies"].append(
                    {"username": user.username, "indicators": codes, "cells": _editable_cells(items)}
                )
        elif user.role in (Role.MINISTRY_OFFICER, Role.MINISTRY_ADMIN) or (
            user.role == Role.VIEWER and user.unit.level == "nation"
        ):
            out["ministry"].append({"username": user.username, "token": api_token_issue(user=user)})
    if not out["provinces"] or not out["ministry"]:
        raise RuntimeError("no seeded accounts with plans: run `manage.py seed_scale` first")
    return out


def _editable_cells(items) -> list[dict]:
    """Cells of a worklist the person may still change (entered, or returned to them): the load test saves their
    stored value again, with its comment and the version the grid shows, as someone correcting a figure would (the
    roll-up stays the same; the load test carries on with the version each answer shows)."""
    cells = []
    for item in items:
        for sex, value in item.values.items():
            if value is not None and value.status in ("entered", "returned"):
                cells.append(
                    {
                        "indicator": item.indicator.code,
                        "part": item.part.kind,
                        "unit": item.unit.pk,
                        "sex": sex,
                        "value": f"{value.value.normalize():f}",
                        "comment": value.comment,
                        "version": value.version,
                    }
                )
    return cells[:20]


def cpu_busy(seconds: float = 3) -> float:
    """The share of the machine's CPU time in use over ``seconds`` (from /proc/stat), before the bench starts its
    own processes: the load test shares the machine with whatever else runs on it."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return idle, sum(fields)

    try:
        idle0, total0 = sample()
        time.sleep(seconds)
        idle1, total1 = sample()
    except OSError:
        return 0.0
    return 100 * (1 - (idle1 - idle0) / max(total1 - total0, 1))


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def _process_ticks(pids) -> dict[int, int]:
    """pid → CPU ticks (user and system) it has used so far."""
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = int(fields[11]) + int(fields[12])
    return out


def _database_pids() -> list[int]:
    """The PostgreSQL backends serving the bench's database (the web workers' connections)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass
class CpuShare:
    """Where the machine's CPU went during the load test, in per cent of all its CPUs."""

    busy: float
    web: float
    database: float
    locust: float

    @property
    def others(self) -> float:
        return max(0.0, self.busy - self.web - self.database - self.locust)

    def __str__(self) -> str:
        return (
            f"CPU during the load {self.busy:.0f}% busy: web workers {self.web:.0f}%, PostgreSQL {self.database:.0f}%, "
            f"locust {self.locust:.0f}%, other processes {self.others:.0f}%"
        )


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def server_env(port: int) -> dict[str, str]:
    """The environment of production, on the loopback: the same database, DEBUG off, plain HTTP."""
    env = dict(os.environ)
    db = connection.settings_dict
    env.update(
        {
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "BEHIND_TLS_PROXY": "0",
            "STATIC_MANIFEST": "0",
            "DEMO_MODE": "0",
            "LOG_LEVEL": "WARNING",
            "ACCESS_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # each response carries its CPU time, SQL time and query count (core.middleware.ServerTimingMiddleware)
            "SERVER_TIMING": "1",
        }
    )
    if not env["DATABASE_URL"]:
        raise RuntimeError(f"DATABASE_URL is not set (the bench runs on {db.get('NAME')})")
    return env


@dataclass
class Server:
    """gunicorn with ``workers`` synchronous workers on 127.0.0.1:``port``."""

    port: int
    workers: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, env: dict[str, str], *, timeout: float = 60) -> None:
        if not port_free(self.port):
            raise RuntimeError(f"port {self.port} is in use; choose another with --port")
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(self.workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--log-level", "warning"]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as answer:  # noqa: S310 - loopback
                    if answer.status == 200 and len(self.worker_pids()) >= self.workers:
                        break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s; see {self.log}")

    def worker_pids(self) -> list[int]:
        """The master's children, from /proc."""
        if self.process is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def memory(self) -> dict[int, int]:
        """worker pid → its peak resident memory so far (VmHWM), in kB."""
        out = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        out[pid] = int(line.split()[1])
            except OSError:
                continue
        return out

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def run_locust(
    *,
    url: str,
    data: dict,
    users: int,
    spawn_rate: float,
    run_time: int,
    max_requests: int,
    workdir: Path,
    no_wait: bool = False,
) -> dict:
    """locust, headless, against ``url``; returns its samples (every request: time, kind, name, ms, status)."""
    tag = "ceiling-" if no_wait else ""
    scenario_file, samples_file = workdir / "scenario.json", workdir / f"{tag}samples.json"
    scenario_file.write_text(json.dumps(data))
    env = dict(os.environ)
    env.update(
        {
            "BENCH_SCENARIO": str(scenario_file),
            "BENCH_SAMPLES": str(samples_file),
            "BENCH_MAX_REQUESTS": str(max_requests),
            "BENCH_NO_WAIT": "1" if no_wait else "0",
        }
    )
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", url]
    command += ["-u", str(users), "-r", str(spawn_rate), "--run-time", f"{run_time}s", "--stop-timeout", "10"]
    command += ["--only-summary", "--loglevel", "ERROR"]
    with (workdir / f"{tag}locust.log").open("wb") as out:
        # locust exits 1 when a request failed: the samples say which
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=run_time + 180, check=False
        )
    if not samples_file.exists():
        raise RuntimeError(f"locust wrote no samples; see {workdir / 'locust.log'}")
    return json.loads(samples_file.read_text())


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (95th: the time 95 requests in 100 stay within)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * share // 100))  # ceiling
    return ordered[int(rank) - 1]


@dataclass
class LoadResult:
    figures: list[Figure]
    details: list[str]


def analyse(
    result: dict, *, users: int, bar_ms: float, baseline_ms: float | None, memory: dict
) -> LoadResult:
    samples = result["samples"]
    failed = [s for s in samples if s[5] or s[4] == 0 or s[4] >= 400]
    pages = [s for s in samples if s[2] not in LOGINS]
    logins = [s for s in samples if s[2] == "login"]
    last_login = max((s[0] for s in logins), default=samples[0][0] if samples else 0)
    steady = [s for s in pages if s[0] > last_login]
    p95 = percentile([s[3] for s in pages], 95)
    p95_steady = percentile([s[3] for s in steady], 95)
    span = (max(s[0] for s in samples) - min(s[0] for s in samples)) if samples else 0
    span_after = (max(s[0] for s in steady) - last_login) if steady else 0
    capped = len(samples) >= result.get("max_requests", 0)
    surge = [s for s in pages if s[0] <= last_login]
    figures = [
        Figure(
            f"Page latency, {users} users, after the log-in surge (p95 of {len(steady):,} page and API requests)",
            f"{p95_steady:.0f} ms",
            f"{baseline_ms:.0f} ms (same pages, one user)" if baseline_ms else "-",
            f"bar < {bar_ms:.0f} ms",
            "pass" if steady and p95_steady < bar_ms else "FAIL",
            f"{len(steady) / max(span_after, 1):.1f} requests/s over the {span_after:.0f} s after the last login"
            + ("; stopped at the request cap" if capped else "")
            + f"; median {statistics.median([s[3] for s in steady]) if steady else 0:.0f} ms",
        ),
        Figure(
            f"Page latency during the log-in surge (p95 of {len(surge):,})",
            f"{percentile([s[3] for s in surge], 95):.0f} ms",
            "-",
            "reported apart",
            "info",
            f"the {len(logins)} people logging in as pages are asked for; whole run p95 {p95:.0f} ms, "
            f"{len(pages) / max(span, 1):.1f} requests/s over {span:.0f} s",
        ),
        Figure(
            "Errors under load",
            f"{len(failed)} of {len(samples):,}",
            "-",
            "bar 0",
            "pass" if not failed else "FAIL",
            "; ".join(sorted({f"{s[2]} {s[4]} {s[5][:60]}".strip() for s in failed})[:4]),
        ),
        Figure(
            f"Log-in (p95 of {len(logins)})",
            f"{percentile([s[3] for s in logins], 95):.0f} ms",
            "-",
            "not held to the bar",
            "info",
            "PBKDF2 password hashing, deliberately slow; once a session (8 h), here all in the ramp-up",
        ),
    ]
    peak = max(memory["after"].values(), default=0)
    start = max(memory["before"].values(), default=0)
    figures.append(
        Figure(
            f"Peak memory of a web worker ({len(memory['after'])} workers)",
            f"{peak / 1024:.0f} MB",
            f"{start / 1024:.0f} MB (at start)",
            f"+{(peak - start) / 1024:.0f} MB under load",
            "info",
            "VmHWM of each gunicorn worker after the load test: "
            + ", ".join(f"{v / 1024:.0f}" for v in sorted(memory["after"].values()))
            + " MB",
        )
    )
    by_name: dict[str, list[float]] = {}
    for s in steady:
        by_name.setdefault(s[2], []).append(s[3])
    details = [f"{'page (after the log-in surge)':<32} {'count':>6} {'median':>8} {'p95':>8} {'max':>8}"]
    for name, times in sorted(by_name.items(), key=lambda kv: -percentile(kv[1], 95)):
        details.append(
            f"{name:<32} {len(times):>6} {statistics.median(times):>6.0f}ms {percentile(times, 95):>6.0f}ms "
            f"{max(times):>6.0f}ms"
        )
    return LoadResult(figures, details)


# The pages each person of the mix opens (named as in bench/locustfile.py), measured one at a time at one user. The
# issue's bar (median server CPU under 25 ms) holds for those marked True.
CPU_BAR_MS = 25
ONE_USER_PAGES = [
    ("home", "focal", "/", True),
    ("data worklist", "focal", "/data/?year={year}", True),
    ("data grid", "focal", "/data/{indicator}/{year}/", True),
    ("data grid by commune", "focal", "/data/{commune_indicator}/{year}/?rows=communes", False),
    ("plan", "focal", "/plans/{plan}/", False),
    ("plan list", "focal", "/plans/", False),
    ("annual report", "focal", "/reports/{code}/annual/{year}/", True),
    ("dashboard (province)", "focal", "/dashboard/", True),
    ("indicator page (province)", "focal", "/dashboard/{code}/indicators/{indicator}/", False),
    ("comparison", "focal", "/compare/{indicator}/?year={year}", False),
    ("completeness", "focal", "/data/completeness/?year={year}", False),
    ("validation", "focal", "/data/validation/?year={year}", False),
    ("API values", "focal-api", "/api/v1/values?unit={code}&year={year}", False),
    ("API progress", "focal-api", "/api/v1/progress?unit={code}&year={year}", False),
    ("data worklist (department)", "agency", "/data/?year={year}", False),
    ("dashboard (nation)", "ministry", "/dashboard/", False),
    ("cockpit", "ministry", "/cockpit/?year={year}", True),
    ("cockpit province", "ministry", "/cockpit/{code}/?year={year}", False),
    ("indicator page (nation)", "ministry", "/dashboard/VN/indicators/{indicator}/", False),
    ("report list", "ministry", "/reports/", False),
    ("API rollup", "ministry-api", "/api/v1/rollup?indicator={indicator}&unit=VN&year={year}", False),
]
TIMING = re.compile(r"(\w+);dur=([\d.]+)")


def _logged_in(url: str, username: str, password: str):
    """A urllib opener holding the session of ``username``, logged in through the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - the loopback server just started
        f"{url}/accounts/login/", data=body, headers={"Referer": f"{url}/accounts/login/"}
    )
    opener.open(request, timeout=30).read()
    return opener


@dataclass
class PageCost:
    name: str
    held: bool  # held to the CPU bar
    cpu: float  # median ms of CPU in the web worker
    db: float  # median ms the worker waited on its SQL
    queries: int
    wall: float  # median ms seen by the client

    @property
    def verdict(self) -> str:
        return ("pass" if self.cpu < CPU_BAR_MS else "FAIL") if self.held else "info"


def one_user(url: str, data: dict, *, repeat: int = 9) -> list[PageCost]:
    """Each page of the mix alone, one person at a time: a first request to warm the worker, then ``repeat``
    more; the medians of the CPU time and SQL time the worker reports in its Server-Timing header, and of the
    time the client waited. Pages are taken in turns (one round of all, then the next) so that a slower moment of
    the machine falls on all of them alike."""
    province, agency, ministry = data["provinces"][0], data["agencies"][0], data["ministry"][0]
    values = {
        "year": data["year"],
        "code": province["code"],
        "plan": province["plan"],
        "indicator": data["indicators"][0],
        "commune_indicator": (data["commune_indicators"] or data["indicators"])[0],
    }
    openers = {
        "focal": _logged_in(url, province["username"], data["password"]),
        "agency": _logged_in(url, agency["username"], data["password"]),
        "ministry": _logged_in(url, ministry["username"], data["password"]),
        "focal-api": urllib.request.build_opener(),
        "ministry-api": urllib.request.build_opener(),
    }
    tokens = {"focal-api": province["token"], "ministry-api": ministry["token"]}
    samples: dict[str, list[tuple[float, float, int, float]]] = {name: [] for name, *_rest in ONE_USER_PAGES}
    for round_ in range(repeat + 1):
        for name, who, path, _held in ONE_USER_PAGES:
            request = urllib.request.Request(f"{url}{path.format(**values)}")  # noqa: S310 - loopback
            if who in tokens:
                request.add_header("Authorization", f"Bearer {tokens[who]}")
            start = time.perf_counter()
            with openers[who].open(request, timeout=60) as answer:
                answer.read()
                header = answer.headers.get("Server-Timing", "")
            wall = (time.perf_counter() - start) * 1000
            timing = {k: float(v) for k, v in TIMING.findall(header)}
            if round_:  # the first round warms the worker
                samples[name].append(
                    (timing.get("cpu", 0), timing.get("db", 0), int(timing.get("q", 0)), wall)
                )
    out = []
    for name, _who, _path, held in ONE_USER_PAGES:
        rows = samples[name]
        out.append(
            PageCost(
                name=name,
                held=held,
                cpu=statistics.median(r[0] for r in rows),
                db=statistics.median(r[1] for r in rows),
                queries=int(statistics.median(r[2] for r in rows)),
                wall=statistics.median(r[3] for r in rows),
            )
        )
    return out


def page_cost_figures(costs: list[PageCost], repeat: int) -> tuple[list[Figure], list[str]]:
    held = [c for c in costs if c.held]
    worst = max(held, key=lambda c: c.cpu)
    figures = [
        Figure(
            f"Server CPU of a page at one user (median of {repeat}), {c.name}",
            f"{c.cpu:.1f} ms",
            f"SQL {c.db:.1f} ms, {c.queries} queries",
            f"bar < {CPU_BAR_MS} ms",
            c.verdict,
        )
        for c in held
    ]
    figures[-1].note = f"slowest of the six: {worst.name} {worst.cpu:.1f} ms; every page of the mix below"
    details = [f"{'page (one user)':<32} {'CPU':>8} {'SQL':>8} {'queries':>8} {'client':>8}  bar"]
    for c in sorted(costs, key=lambda c: -c.cpu):
        details.append(
            f"{c.name:<32} {c.cpu:>6.1f}ms {c.db:>6.1f}ms {c.queries:>8} {c.wall:>6.1f}ms  "
            + (f"< {CPU_BAR_MS} ms {c.verdict}" if c.held else "-")
        )
    return figures, details


def _rate(result: dict) -> tuple[float, list, list, float]:
    """(requests a second after the last login, those requests, the failed ones, the seconds they span)."""
    samples = result["samples"]
    logins = [s for s in samples if s[2] == "login"]
    last_login = max((s[0] for s in logins), default=samples[0][0] if samples else 0)
    steady = [s for s in samples if s[2] not in LOGINS and s[0] > last_login]
    failed = [s for s in samples if s[5] or s[4] == 0 or s[4] >= 400]
    span = (max(s[0] for s in steady) - last_login) if steady else 0
    return (len(steady) / span if span else 0.0), steady, failed, span


def ceiling_figure(results: list[dict], *, users: int, bar: float, share: CpuShare) -> Figure:
    """Requests a second the server answers when a few people ask without pause (after the last of them logged
    in): the throughput ceiling of the machine for this mix, the median of the runs."""
    runs = sorted((_rate(r) for r in results), key=lambda run: run[0])
    rate, steady, _failed, span = runs[len(runs) // 2]
    failed = sum(len(run[2]) for run in runs)
    return Figure(
        f"Throughput ceiling ({users} people without think time, same mix; median of {len(runs)} runs)",
        f"{rate:.1f} requests/s",
        "-",
        f"bar ≥ {bar:.0f} requests/s",
        "pass" if rate >= bar and not failed else "FAIL",
        "runs " + ", ".join(f"{run[0]:.1f}" for run in runs) + " requests/s; "
        f"the median run {len(steady):,} requests over {span:.0f} s after the last login, "
        f"median {statistics.median([s[3] for s in steady]) if steady else 0:.0f} ms; {failed} errors; {share}",
    )


def _cpu_share(start, end, children, locust) -> CpuShare:
    total = max(end[0][1] - start[0][1], 1)
    hz = os.sysconf("SC_CLK_TCK")
    return CpuShare(
        busy=100 * (end[0][0] - start[0][0]) / total,
        web=100 * sum(t - start[1].get(pid, 0) for pid, t in end[1].items()) / total,
        database=100 * sum(t - start[2].get(pid, 0) for pid, t in end[2].items()) / total,
        locust=100 * hz * (locust.ru_utime + locust.ru_stime - children.ru_utime - children.ru_stime) / total,
    )


def load_test(
    *,
    data: dict,
    port: int,
    workers: int,
    users: int,
    spawn_rate: float,
    run_time: int,
    max_requests: int,
    bar_ms: float = 200,
    ceiling_bar: float = 80,
    ceiling_seconds: int = 30,
    ceiling_runs: int = 3,
) -> LoadResult:
    workdir = Path(tempfile.mkdtemp(prefix="bdg-bench-"))
    server = Server(port=port, workers=workers, log=workdir / "gunicorn.log")
    busy = cpu_busy()
    repeat = 9
    try:
        server.start(server_env(port))
        costs = one_user(server.url, data, repeat=repeat)
        baseline = statistics.median(c.wall for c in costs if not c.name.startswith("API"))
        before = server.memory()
        ours = [server.process.pid, *server.worker_pids()]

        def ticks():  # the machine's, our processes' and PostgreSQL's CPU so far
            return _machine_ticks(), _process_ticks(ours), _process_ticks(_database_pids())

        def locust_run(**options) -> dict:
            return run_locust(
                url=server.url, data=data, max_requests=max_requests, workdir=workdir, **options
            )

        start, children = ticks(), resource.getrusage(resource.RUSAGE_CHILDREN)
        result = locust_run(users=users, spawn_rate=spawn_rate, run_time=run_time)
        locust, end = resource.getrusage(resource.RUSAGE_CHILDREN), ticks()
        after = server.memory()
        ceiling_users = 2 * workers
        start2 = ticks()
        ceiling = [
            locust_run(users=ceiling_users, spawn_rate=ceiling_users, run_time=ceiling_seconds, no_wait=True)
            for _run in range(ceiling_runs)
        ]
        locust2, end2 = resource.getrusage(resource.RUSAGE_CHILDREN), ticks()
    finally:
        server.stop()
    share = _cpu_share(start, end, children, locust)
    outcome = analyse(
        result, users=users, bar_ms=bar_ms, baseline_ms=baseline, memory={"before": before, "after": after}
    )
    latency = outcome.figures[0]
    latency.note += f"; {share}; {busy:.0f}% busy just before the bench started its processes"
    if latency.verdict == "FAIL" and share.others >= 10:
        latency.note += (
            f". Other processes took {share.others:.0f}% of the CPUs during the run: run it again on a quiet "
            "machine before reading this as the application's"
        )
    outcome.figures.insert(
        1,
        ceiling_figure(
            ceiling, users=ceiling_users, bar=ceiling_bar, share=_cpu_share(start2, end2, locust, locust2)
        ),
    )
    cost_figures, cost_details = page_cost_figures(costs, repeat)
    outcome.figures = cost_figures + outcome.figures
    outcome.details = cost_details + [""] + outcome.details
    outcome.details.append(f"(logs and samples in {workdir})")
    return outcome
