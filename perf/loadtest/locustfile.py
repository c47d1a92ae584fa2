"""Locust users for ``make load``: librarians enter activities and monthly reports, staff and consultants read.

The portal runs with production settings behind an imagined TLS proxy: every request carries
``X-Forwarded-Proto: https`` (as nginx sends it) and the client keeps the portal's secure
cookies although it talks plain HTTP on loopback.

Librarian accounts come from the file named by ``TPBIS_LOAD_ACCOUNTS`` (written by ``perf.loadtest.run``):
``{"password": …, "librarians": [usernames…]}``; each librarian user takes its own account, so its
monthly reports never collide with another's. Staff and consultants are the demo's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import threading
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy

from locust import FastHttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["TPBIS_LOAD_ACCOUNTS"]).read())  # noqa: SIM115 - read once at import
PASSWORD = ACCOUNTS["password"]
#: The compiled month the readers open (the demo compiles it for every scope).
REPORT_MONTH = ACCOUNTS.get("report_month", "2021-08")
#: Pages the readers open, besides the progress reports. Dashboards go here as they are added.
READER_PAGES = [
    ("/", "home"),
    ("/reports/progress/", "progress index"),
    (f"/reports/monthly/?province=19&period={REPORT_MONTH}", "monthly report list"),
    (f"/activities/?province=19&period={REPORT_MONTH}", "activity list"),
]
#: With TPBIS_LOAD_TOUR=1 every user runs each of its tasks once right after logging in (the smoke run).
TOUR = os.environ.get("TPBIS_LOAD_TOUR") == "1"
#: Months each librarian submits reports for, newest first (the demo holds none of them).
SUBMIT_MONTHS = [dt.date(2020 - i // 12, 12 - i % 12, 1) for i in range(24)]

_lock = threading.Lock()
_librarians = itertools.cycle(ACCOUNTS["librarians"])
#: Every request's (name, start time, response time in ms, error or None), written out when locust quits,
#: so that ``perf.loadtest.run`` computes exact percentiles for any group of requests.
SAMPLES: list[tuple[str, float, float, str | None]] = []


@events.request.add_listener
def _record(name, start_time, response_time, exception, **kwargs):
    SAMPLES.append((name, start_time, response_time, str(exception) if exception else None))


@events.quitting.add_listener
def _write_samples(**kwargs):
    with open(os.environ["TPBIS_LOAD_SAMPLES"], "w") as out:
        json.dump(SAMPLES, out)


class FormFields(HTMLParser):
    """The named inputs (with their values) and textareas of the page's forms, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if not name or tag not in {"input", "textarea", "select"}:
            return
        kind = a.get("type", "text")
        if kind in {"submit", "button", "file"} or (kind in {"checkbox", "radio"} and "checked" not in a):
            return
        self.fields.setdefault(name, a.get("value") or "")


def form_fields(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


class PortalUser(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        # A browser behind TLS keeps "Secure" cookies; this client sees plain HTTP on loopback.
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
        self.headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{self.host_name}/"}
        page = self.get("/accounts/login/", "login page")
        data = {"csrfmiddlewaretoken": _csrf(page.text), "username": self.username, "password": PASSWORD}
        self.post_form("/accounts/login/", data, "login", r"^/$")
        if TOUR:
            for method in self.tasks:
                method(self)

    @property
    def host_name(self) -> str:
        return re.sub(r"^https?://", "", self.host).rstrip("/")

    def get(self, path: str, name: str, **kwargs):
        with self.client.get(path, headers=self.headers, name=name, catch_response=True, **kwargs) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{name}: {response.status_code}")
            return response

    def post_form(self, path: str, data: dict, name: str, expect: str) -> str | None:
        """POST a form, which must answer with a redirect to ``expect`` (a regex): a form shown again was refused."""
        with self.client.post(
            path, data=data, headers=self.headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "") if response.headers else ""
            if response.status_code != 302 or not re.search(expect, location):
                response.failure(f"{name}: {response.status_code} to {location or 'nowhere'}")
                return None
            return location


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


class Librarian(PortalUser):
    """A village librarian: records activities, submits a monthly report now and then, checks lists."""

    weight = 3

    def on_start(self):
        with _lock:
            self.username = next(_librarians)
        self.months = iter(SUBMIT_MONTHS)
        super().on_start()

    @task(4)
    def record_activity(self):
        form = form_fields(self.get("/activities/add/", "activity form").text)
        day = dt.date(2020, random.randint(1, 12), random.randint(1, 28))
        form.update(
            strategy=random.choice(["service_improvement", "community_engagement", "advocacy"]),
            date=day.isoformat(),
            title=f"Kegiatan uji beban {random.randint(1, 10**6)}",
            skill_area="kerajinan pandan",
            participants_male=str(random.randint(0, 20)),
            participants_female=str(random.randint(0, 20)),
            description="Dicatat oleh uji beban.",
        )
        location = self.post_form("/activities/add/", form, "activity create", r"^/activities/(\w+/)?\d+/$")
        if location:
            self.get(location, "activity detail")

    @task(1)
    def submit_monthly_report(self):
        month = next(self.months, None)
        if month is None:
            return
        page = self.get(f"/reports/monthly/add/?period={month:%Y-%m}", "monthly report form", allow_redirects=False)
        if page.status_code == 302:  # this month already has a report
            return
        form = form_fields(page.text)
        form.update(
            period=f"{month:%Y-%m}",
            visitors=str(random.randint(50, 500)),
            loans=str(random.randint(10, 200)),
            new_members=str(random.randint(0, 20)),
            ict_users=str(random.randint(0, 80)),
            submit_report="1",
        )
        form.pop("save_draft", None)
        location = self.post_form(
            f"/reports/monthly/add/?period={month:%Y-%m}", form, "monthly report submit", r"^/reports/monthly/\d+/$"
        )
        if location:
            self.get(location, "monthly report detail")

    @task(2)
    def own_lists(self):
        self.get("/activities/", "activity list (own)")
        self.get("/reports/monthly/", "monthly report list (own)")


class Reader(PortalUser):
    abstract = True
    #: (scope, code) of the compiled reports this user opens.
    reports: list[tuple[str, str]] = []

    @task(3)
    def progress_report(self):
        scope, code = random.choice(self.reports)
        self.get(f"/reports/progress/{REPORT_MONTH}/{scope}/{code}/", f"progress report ({scope})")

    @task(1)
    def records_behind_a_figure(self):
        scope, code = random.choice(self.reports)
        self.get(f"/reports/progress/{REPORT_MONTH}/{scope}/{code}/records/missing/", "progress records")

    @task(2)
    def other_pages(self):
        path, name = random.choice(READER_PAGES)
        self.get(path, name)


class RegionalStaff(Reader):
    """DKPUS and Dispus staff following their province or regency."""

    weight = 1

    def on_start(self):
        self.username, self.reports = random.choice(
            [
                ("dkpus.babel", [("province", "19"), ("regency", "19.01"), ("regency", "19.02")]),
                ("dispus.bangka", [("regency", "19.01")]),
            ]
        )
        super().on_start()


class Consultant(Reader):
    """Perpusnas consultants reading the nation and its provinces."""

    weight = 1
    reports = [("national", "ID"), ("province", "19"), ("province", "51"), ("regency", "19.01")]

    def on_start(self):
        self.username = "konsultan"
        super().on_start()
