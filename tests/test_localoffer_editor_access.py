"""Who may open and change what on the Local Offer editor's pages, for every role."""

import pytest
from django.test import Client
from django.urls import reverse

from localoffer.models import Service
from tests.conftest import client_for
from tests.localoffer_editor_cases import (
    broken,
    feedback_on,
    fixture_mine,  # noqa: F401  (a fixture)
    fixture_other_editor,  # noqa: F401  (a fixture)
    fixture_theirs,  # noqa: F401  (a fixture)
    form_data,
    service_url,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


# Who may do what --------------------------------------------------------------------------

PERSONAS = [
    "editor",
    "other_editor",
    "manager",
    "officer_north",
    "volunteer",
    "headteacher",
    "anonymous",
]
# Every role that is neither an editor nor a manager is refused before any object is found.
REFUSED = {"officer_north": 403, "volunteer": 403, "headteacher": 403, "anonymous": 302}
# Which of the two services (the editor's, the other editor's) each persona may see.
SEES = {"editor": (True, False), "other_editor": (False, True), "manager": (True, True)}
# page: method: persona: (status for the editor's object, status for the other editor's)
MATRIX: dict[str, dict[str, dict[str, tuple[int, int]]]] = {
    "home": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    "stale": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    "broken-links": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    "feedback": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (200, 200)},
        "POST": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
    },
    # Adding a service: an editor adds their own; a manager sees services but adds none.
    "service-new": {
        "GET": {"editor": (200, 200), "other_editor": (200, 200), "manager": (403, 403)},
        "POST": {"editor": (302, 302), "other_editor": (302, 302), "manager": (403, 403)},
    },
    "service": {
        "GET": {"editor": (200, 404), "other_editor": (404, 200), "manager": (200, 200)},
        "POST": {"editor": (302, 404), "other_editor": (404, 302), "manager": (403, 403)},
    },
    "service-reviewed": {
        "GET": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
        "POST": {"editor": (302, 404), "other_editor": (404, 302), "manager": (403, 403)},
    },
    "feedback-handled": {
        "GET": {"editor": (405, 405), "other_editor": (405, 405), "manager": (405, 405)},
        "POST": {"editor": (302, 404), "other_editor": (404, 302), "manager": (403, 403)},
    },
}
CASES = [
    (page, method, persona, owned)
    for page, methods in MATRIX.items()
    for method in methods
    for persona in PERSONAS
    for owned in (True, False)
]


@pytest.mark.parametrize(
    ("page", "method", "persona", "owned"),
    CASES,
    ids=[f"{p}-{m}-{who}-{'owned' if o else 'not-owned'}" for p, m, who, o in CASES],
)
def test_it_answers_each_role_as_the_access_rules_say(
    page: str, method: str, persona: str, owned: bool, request, mine, theirs
):
    service = mine if owned else theirs
    for each in (mine, theirs):
        broken(each.url)
    item = feedback_on(service, missing=f"About {service.name}")
    if page in {"service", "service-reviewed"}:
        url = service_url(service, page)
    elif page == "feedback-handled":
        url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    else:
        url = reverse(f"localoffer-editor:{page}")
    client = Client() if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, form_data(service, description="Changed."))

    if persona in REFUSED:
        expected = REFUSED[persona]
    else:
        expected = MATRIX[page][method][persona][0 if owned else 1]
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith("/sign-in/?next=")
    if page in {"home", "stale", "broken-links", "feedback"} and expected == 200:
        visible = SEES[persona][0 if owned else 1]
        assert (service.name in response.content.decode()) is visible
    saved = page == "service" and persona not in REFUSED and expected == 302
    assert (Service.objects.get(pk=service.pk).description == "Changed.") is saved
