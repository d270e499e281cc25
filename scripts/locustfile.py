"""Locust users for the load run (`make bench-load`, driven by scripts/load_test.py).

The mix follows real use. Who logs in as whom comes from a plan (JSON, path in LOAD_PLAN) that
load_test.py builds from the seeded throwaway database:

  ProjectLeader  one per draft report, each its own pl.<slug> account, so no two users ever save the
                 same section (a 409 would be a real error). Opens the editor, then autosaves a section
                 with the version read from that page, exactly as static/js/autosave.js does.
  Assessor       one per open scoring (a draft scoring on an open placemat); accounts are shared only
                 between different assignments, so two saves never touch the same scoring. Opens
                 /critical-friend/ and the scoring page, then saves a draft (action=save, never submit).
  Office         office@example.org / viewer@example.org, reading only: the dashboard for a year and
                 the programme totals.
  RegionReader   project leaders and penvoerders of the other regions, reading only: their region's
                 overview and a report page.
  BIClient       only with load_test.py --api-concurrent (a worst case: a BI tool sweeping without pause while
                 everyone works): one user with the viewer's personal API token from the plan, paging through
                 all settled realisations (/api/v1/realisations?page_size=1000, following `_links.next`), back
                 to back; each page a request of its own kind, each complete sweep (every row seen once, as
                 many as the first page's count) a "SWEEP" entry whose time is the whole sweep's. Without the
                 flag load_test.py sweeps once on its own after the window.

Every page is checked: a wrong status, a save that does not answer {"status": "saved"}, or a page
that bounced to the login form counts as a failure.
"""

import itertools
import json
import os
import random
import time
from html.parser import HTMLParser

import gevent
from gevent.event import Event
from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read()) if os.environ.get("LOAD_PLAN") else {}
PASSWORD = PLAN.get("password", "demo")
_editor_slots = itertools.count()
_assessor_slots = itertools.count()
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "1,4").split(","))  # seconds, min and max
DURATION = float(os.environ.get("LOAD_DURATION", "60"))
LOGIN_STATS = os.environ.get("LOAD_LOGIN_STATS")
KIND = "X-Load-Kind"  # logged by gunicorn, so load_test.py can split server time from queueing per kind
_logged_in = itertools.count(1)
_window_open = Event()


# --- The measured window: it opens once every user has logged in ----------------------------------------
# Logging in (a deliberately slow password hash) happens once per working session, not every few
# seconds; 50 users logging in within a few seconds would queue everything behind the hashes. So the
# logins are measured on their own (written to LOAD_LOGIN_STATS), the statistics are then reset, and the
# window of DURATION seconds in which users work starts for everybody at once.


def _entry(stats, name: str, method: str) -> dict:
    entry = stats.get(name, method)
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "median_ms": round(entry.median_response_time or 0),
        "p95_ms": round(entry.get_response_time_percentile(0.95) or 0),
    }


def _open_window(environment) -> None:
    stats = environment.runner.stats
    if LOGIN_STATS:
        logins = {
            "login (GET)": _entry(stats, "login (GET)", "GET"),
            "login (POST)": _entry(stats, "login (POST)", "POST"),
        }
        with open(LOGIN_STATS, "w") as f:
            json.dump(logins, f)
    stats.reset_all()
    _window_open.set()

    def close_window():
        gevent.sleep(DURATION)
        environment.runner.quit()

    gevent.spawn(close_window)


def _arrive(environment) -> None:
    """A user is ready (logged in, or holding its token): the last one opens the window; all wait for it."""
    if next(_logged_in) == environment.parsed_options.num_users:
        _open_window(environment)
    _window_open.wait()


# --- A small HTML form reader: what a browser's FormData(form) would send ----------------------------


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"attrs": a, "fields": [], "buttons": [], "textareas": [], "texts": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":
                    self._form["buttons"].append((name, a.get("value", "")))
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append([name, a.get("value", "on" if kind in ("checkbox", "radio") else "")])
            if kind == "text" and name != "csrfmiddlewaretoken":
                self._form["texts"].append((len(self._form["fields"]) - 1, int(a.get("maxlength") or 10_000)))
        elif tag == "button" and name:
            self._form["buttons"].append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["selected"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                value = self._textarea[1]
                if value.startswith("\n"):  # browsers drop the newline right after <textarea>
                    value = value[1:]
                self._form["fields"].append([self._textarea[0], value])
                self._form["textareas"].append(len(self._form["fields"]) - 1)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._form is not None:
                s = self._select
                value = s["selected"] if s["selected"] is not None else s["first"]
                if value is not None:
                    self._form["fields"].append([s["name"], value])
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def edit_one_text(form: dict, text: str) -> None:
    """Type into one text box of the form (a textarea if there is one), as a user would."""
    if form["textareas"]:
        index = random.choice(form["textareas"])
        form["fields"][index][1] = text
    elif form["texts"]:
        index, limit = random.choice(form["texts"])
        form["fields"][index][1] = text[:limit]


def _field(form: dict, name: str) -> str | None:
    for key, value in form["fields"]:
        if key == name:
            return value
    return None


# --- Users ---------------------------------------------------------------------------------------------


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(*THINK)  # reading and typing between two requests
    email = ""

    def login(self) -> None:
        page = self.client.get("/accounts/login/", name="login (GET)", headers={KIND: "login (GET)"})
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            data={"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": page.url, KIND: "login (POST)"},
            name="login (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.email} answered {response.status_code}")
        _arrive(self.environment)
        gevent.sleep(random.uniform(0, 3))  # users do not all click at the same instant

    def check_failed(self, name: str, message: str) -> None:
        """Count a page that answered but is not what the user needs as a failure of that kind."""
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=RuntimeError(message),
            context={},
        )

    def page(self, url: str, name: str):
        with self.client.get(
            url, name=name, headers={KIND: name}, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{url} answered {response.status_code}")
                return None
            return response.text


class ProjectLeader(_LoggedIn):
    """Opens the report editor and autosaves one section, re-reading the version first (as the browser)."""

    fixed_count = len(PLAN.get("editors", []))

    def on_start(self):
        slot = PLAN["editors"][next(_editor_slots) % len(PLAN["editors"])]
        self.email, self.slug, self.year = slot["email"], slot["slug"], slot["year"]
        self.base = f"/regions/{self.slug}/reports/{self.year}/"
        self.saves = 0
        self.login()

    @task
    def edit_and_save(self):
        html = self.page(f"{self.base}edit/", "report editor (GET)")
        if html is None:
            return
        sections = [f for f in forms_of(html) if "data-autosave" in f["attrs"]]
        if not sections:
            self.check_failed("report editor (GET)", f"no autosave sections on {self.base}edit/")
            return
        form = random.choice(sections)
        self.saves += 1
        edit_one_text(form, f"Belasting {self.saves}: de regio werkt planmatig aan de doorlopende leerlijn.")
        section = form["attrs"]["action"].rstrip("/").rsplit("/", 1)[-1]
        with self.client.post(
            form["attrs"]["action"],
            data=form["fields"],
            headers={"X-Requested-With": "fetch", "Accept": "application/json", KIND: "report section save (POST)"},
            name="report section save (POST)",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"save {section} of {self.slug}: {response.status_code} {response.text[:300]}")
                return
            answer = response.json()
            if answer.get("status") != "saved" or answer.get("version") is None:
                response.failure(f"save {section} of {self.slug}: {answer}")
            elif answer["version"] <= int(_field(form, "version") or 0):
                response.failure(f"save {section} of {self.slug}: version did not move ({answer['version']})")


class Assessor(_LoggedIn):
    """A critical friend: their regions, then the scoring page, then Save draft (never Submit)."""

    fixed_count = len(PLAN.get("assessors", []))

    def on_start(self):
        slot = PLAN["assessors"][next(_assessor_slots) % len(PLAN["assessors"])]
        self.email, self.assignment = slot["email"], slot["assignment"]
        self.url = f"/critical-friend/assignments/{self.assignment}/scoring/"
        self.saves = 0
        self.login()

    @task(1)
    def my_regions(self):
        self.page("/critical-friend/", "critical friend regions (GET)")

    @task(4)
    def score(self):
        html = self.page(self.url, "scoring (GET)")
        if html is None:
            return
        form = next((f for f in forms_of(html) if ("action", "save") in f["buttons"]), None)
        if form is None:
            self.check_failed("scoring (GET)", f"scoring {self.assignment} is not editable")
            return
        self.saves += 1
        edit_one_text(form, f"Onderbouwing {self.saves}: stageplaatsen en leerlijnen zijn goed geborgd.")
        fields = form["fields"]
        score_fields = [i for i, (name, _value) in enumerate(fields) if name.endswith("-score")]
        if score_fields:
            fields[random.choice(score_fields)][1] = str(random.randint(1, 4))
        with self.client.post(
            self.url,
            data=[*fields, ("action", "save")],
            headers={"Referer": f"{self.client.base_url}{self.url}", KIND: "scoring save draft (POST)"},
            name="scoring save draft (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"scoring {self.assignment}: {response.status_code}")


class Office(_LoggedIn):
    """The programme office (and the viewer) opening the national dashboard."""

    weight = 1

    def on_start(self):
        self.email = random.choice(PLAN.get("office", ["office@example.org"]))
        self.login()

    @task(4)
    def dashboard(self):
        self.page(random.choice(PLAN.get("dashboard_urls", ["/dashboard/"])), "dashboard (GET)")

    @task(1)
    def totals(self):
        self.page("/dashboard/totals/", "dashboard totals (GET)")


class RegionReader(_LoggedIn):
    """Project leaders and penvoerders of the other regions looking at their region and a report."""

    weight = 1

    def on_start(self):
        slot = random.choice(PLAN["readers"])
        self.email, self.slug, self.years = slot["email"], slot["slug"], slot["years"]
        self.login()

    @task(2)
    def overview(self):
        self.page(f"/regions/{self.slug}/overview/", "region overview (GET)")

    @task(1)
    def report(self):
        self.page(f"/regions/{self.slug}/reports/{random.choice(self.years)}/", "report page (GET)")


class BIClient(HttpUser):
    """The ministry's BI tool reading every settled realisation through the API, page after page."""

    abstract = not PLAN.get("api_concurrent")  # not a user of the mix unless asked for
    fixed_count = 1
    # A script, not a person: within a sweep the next page as soon as the last one is in; between two sweeps (a
    # BI tool refreshing its data set) a pause.
    wait_time = between(5, 10)
    page_name = "api realisations page (GET)"
    sweep_name = "api realisations full sweep"

    def on_start(self):
        self.headers = {"Authorization": f"Bearer {PLAN['api_token']}", KIND: self.page_name}
        _arrive(self.environment)

    def _sweep_done(self, started: float, rows: int, error: str | None) -> None:
        self.environment.events.request.fire(
            request_type="SWEEP",
            name=self.sweep_name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=rows,
            exception=RuntimeError(error) if error else None,
            context={},
        )

    @task
    def sweep(self):
        started = time.perf_counter()
        url, rows, count, pages = "/api/v1/realisations?page_size=1000", 0, None, 0
        while url:
            with self.client.get(url, name=self.page_name, headers=self.headers, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{url} answered {response.status_code}")
                    return self._sweep_done(started, rows, f"page {pages + 1} answered {response.status_code}")
                body = response.json()
                if not body["results"]:
                    response.failure(f"{url}: an empty page")
                    return self._sweep_done(started, rows, "an empty page")
            count = body["count"] if count is None else count
            rows += len(body["results"])
            pages += 1
            url = body["_links"].get("next", {}).get("href")
        self._sweep_done(started, rows, None if rows == count else f"{rows} rows seen of {count}")
