"""Every page a person can open has its own <title> and one h1, and no form leaves errors to
the browser's own validation bubbles: forms say `novalidate` and show the error summary."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests import factories
from tests.conftest import client_for
from tests.urlwalk import endpoints

pytestmark = pytest.mark.django_db


class PageBasics(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.in_title = False
        self.h1s = 0
        self.form_stack: list[bool] = []
        self.forms_validated_by_the_browser = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.h1s += 1
        elif tag == "form":
            self.form_stack.append("novalidate" in names)
        elif (
            tag in {"input", "select", "textarea"}
            and "required" in names
            and self.form_stack
            and not self.form_stack[-1]
        ):
            self.forms_validated_by_the_browser += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "form" and self.form_stack:
            self.form_stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def pages_answered(client: Client) -> dict[str, str]:
    """Every page without parameters that answers this client with HTML."""
    answered = {}
    for endpoint in endpoints():
        if endpoint.is_api or endpoint.is_admin or "sample" in endpoint.path:
            continue
        if endpoint.path.rstrip("/").endswith(("healthz", "sign-out", ".csv", ".xlsx", ".pdf")):
            continue
        response = client.get(endpoint.path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            answered[endpoint.path] = response.content.decode()
    return answered


@pytest.fixture
def something_to_show(north) -> None:
    """A review in the North and a published service, so that lists are not empty."""
    factories.ReviewFactory.create(plan__area=north, recomputed=True)
    factories.ServiceFactory.create()


@pytest.mark.parametrize(
    "who", ["anyone", "officer_north", "volunteer", "headteacher", "manager", "editor"]
)
def test_every_page_has_its_own_title_and_one_heading(who, personas, something_to_show):
    client = Client() if who == "anyone" else client_for(personas[who])
    answered = pages_answered(client)
    assert answered, "no page answered"

    problems = []
    for path, page in answered.items():
        basics = PageBasics()
        basics.feed(page)
        heading = basics.title.split("\N{EN DASH}")[0].strip()
        if not heading:
            problems.append(f"{path}: no title of its own ({basics.title.strip()!r})")
        if basics.h1s != 1:
            problems.append(f"{path}: {basics.h1s} h1 headings")
        if basics.forms_validated_by_the_browser:
            problems.append(f"{path}: a form without novalidate has required fields")
    assert not problems, "\n".join(problems)
