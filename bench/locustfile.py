"""Report and case pages under load. The simulated users are signed in as one of three roles,
in equal numbers: a senior manager who opens the scorecard, a team's KPIs, CP 13, its
drill-down, children's search and a child's record; a team-bound social worker who opens the
home page, My caseload, Due and overdue, children's search and a child of their caseload; and
a team manager who opens the home page, Team caseload, the team's Due and overdue, children's
search and a child of the team. Each page's figures are reported by page and role.

``bench.run`` writes the sessions and URLs to the file named by BENCH_PAGES and starts
Locust headless against gunicorn. Requests carry ``X-Forwarded-Proto: https`` as a TLS
proxy would, so the production settings (secure cookies, HTTPS redirect) stay on.

The users are Locust's ``FastHttpUser`` (geventhttpclient): the load generator shares the
machine's cores with the server and the database, and its requests-based client spent several
times the CPU per request, time the pages being measured then waited for.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, between, task

PAGES = json.loads(open(os.environ["BENCH_PAGES"]).read())  # noqa: SIM115
URLS = PAGES["urls"]


class Signed(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    sessions = itertools.cycle(PAGES["sessions"])

    def on_start(self) -> None:
        # The session cookie is Secure; the proxy header makes Django see HTTPS, and the cookie
        # is sent by hand, as the plain-HTTP client would not send a Secure one back.
        self.headers = {"Cookie": f"sessionid={next(self.sessions)}", "X-Forwarded-Proto": "https"}

    def _get(self, url: str, name: str) -> None:
        with self.client.get(
            url, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class Manager(Signed):
    """A senior manager (the page names are those of earlier runs, so runs compare)."""

    @task(3)
    def scorecard(self) -> None:
        self._get(URLS["scorecard"], "scorecard")

    @task(3)
    def team(self) -> None:
        self._get(random.choice(URLS["team"]), "team KPIs")

    @task(3)
    def indicator(self) -> None:
        self._get(URLS["indicator"], "indicator")

    @task(2)
    def drill_down(self) -> None:
        self._get(URLS["drill_down"], "drill-down")

    @task(2)
    def child(self) -> None:
        self._get(random.choice(URLS["child"]), "child record")

    @task(1)
    def search(self) -> None:
        self._get("/children/search/?q=smith", "children search (senior manager)")


class SocialWorker(Signed):
    """A social worker in one team, with a caseload of their own."""

    sessions = itertools.cycle(PAGES.get("worker_sessions") or PAGES["sessions"])

    @task(3)
    def home(self) -> None:
        self._get("/", "home (social worker)")

    @task(3)
    def caseload(self) -> None:
        self._get("/children/mine/", "my caseload (social worker)")

    @task(3)
    def due(self) -> None:
        self._get("/children/due/?scope=mine", "due and overdue (social worker)")

    @task(2)
    def search(self) -> None:
        self._get("/children/search/", "children search (social worker)")

    @task(3)
    def child(self) -> None:
        self._get(random.choice(PAGES.get("worker_children") or URLS["child"]), "child record (social worker)")


class TeamManager(Signed):
    """A team manager: the team's children and its due work."""

    sessions = itertools.cycle(PAGES.get("manager_sessions") or PAGES["sessions"])

    @task(3)
    def home(self) -> None:
        self._get("/", "home (team manager)")

    @task(3)
    def caseload(self) -> None:
        self._get("/children/team/", "team caseload (team manager)")

    @task(3)
    def due(self) -> None:
        self._get("/children/due/?scope=team", "due and overdue (team manager)")

    @task(2)
    def search(self) -> None:
        self._get("/children/search/", "children search (team manager)")

    @task(3)
    def child(self) -> None:
        self._get(random.choice(PAGES.get("manager_children") or URLS["child"]), "child record (team manager)")
