"""Removal requests sent as a claimant sends them: the form, then its POST."""

import re
import time
import uuid

import httpx

from tests.cluster.conftest import csrf_token
from tests.takedown.conftest import notice_fields

RENDERED_FIELD = re.compile(r'name="rendered" value="([^"]+)"')
# The form refuses a POST sooner than this after it was drawn (a robot's pace).
MIN_FILL_SECONDS = 3.2


class Claimant:
    """One claimant on one app server, from an address of their own."""

    def __init__(self, base_url: str, story_path: str, number: int):
        self.base_url = base_url
        self.story_url = base_url + story_path
        self.email = f"faults-{uuid.uuid4().hex[:12]}@example.com"
        # Behind the edge, the app servers trust one X-Forwarded-For hop:
        # each claimant has an address, and its own flood limit.
        self.client = httpx.Client(
            base_url=base_url,
            timeout=15,
            headers={"X-Forwarded-For": f"10.19.{number // 250}.{number % 250 + 1}"},
        )

    def open_form(self) -> None:
        page = self.client.get("/takedown/")
        page.raise_for_status()
        self.csrf = csrf_token(page)
        self.rendered = RENDERED_FIELD.search(page.text).group(1)

    def send(self) -> httpx.Response:
        """POST the notice; follow to the page that acknowledges it."""
        data = notice_fields(self.story_url, email=self.email)
        data.update(csrfmiddlewaretoken=self.csrf, rendered=self.rendered)
        return self.client.post("/takedown/", data=data, follow_redirects=True)

    def close(self) -> None:
        self.client.close()


def claimants(base_urls: list[str], story_path: str, count: int, first: int = 0):
    """`count` claimants with their forms open and filled long enough."""
    people = [
        Claimant(base_urls[number % len(base_urls)], story_path, first + number)
        for number in range(count)
    ]
    for person in people:
        person.open_form()
    time.sleep(MIN_FILL_SECONDS)
    return people
