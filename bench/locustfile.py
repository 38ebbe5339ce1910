"""Report and case pages under load: each simulated user is a signed-in senior manager who
opens the scorecard, a team's KPIs, CP 13, its drill-down and a child's record.

``bench.run`` writes the sessions and URLs to the file named by BENCH_PAGES and starts
Locust headless against gunicorn. Requests carry ``X-Forwarded-Proto: https`` as a TLS
proxy would, so the production settings (secure cookies, HTTPS redirect) stay on.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

PAGES = json.loads(open(os.environ["BENCH_PAGES"]).read())  # noqa: SIM115
SESSIONS = itertools.cycle(PAGES["sessions"])
URLS = PAGES["urls"]


class Manager(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        # The session cookie is Secure; the proxy header makes Django see HTTPS, and the
        # cookie is set here without the Secure flag so the plain-HTTP client sends it.
        self.client.cookies.set("sessionid", next(SESSIONS))
        self.client.headers.update({"X-Forwarded-Proto": "https"})

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

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
