"""The Local Offer editor's feedback inbox: the order of feedback, marking it handled once,
and who may read and handle which feedback."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import Event
from localoffer.models import Feedback, Service
from localoffer.services import FeedbackAlreadyHandled, feedback_mark_handled
from tests.conftest import client_for
from tests.localoffer_editor_cases import (
    feedback_on,
    fixture_mine,  # noqa: F401  (a fixture)
    fixture_other_editor,  # noqa: F401  (a fixture)
    fixture_theirs,  # noqa: F401  (a fixture)
)

pytestmark = pytest.mark.usefixtures("frozen_today")


# Feedback ---------------------------------------------------------------------------------


def test_it_lists_feedback_not_handled_first_and_newest_first(
    editor: User, mine: Service, theirs: Service
):
    with_times = [
        ("Old and open", timezone.now() - timedelta(days=3), None),
        ("New and open", timezone.now() - timedelta(days=1), None),
        ("Handled", timezone.now(), timezone.now()),
    ]
    for missing, received, handled in with_times:
        item = feedback_on(mine, missing=missing, useful=False, handled_at=handled)
        Feedback.objects.filter(pk=item.pk).update(received_at=received)
    feedback_on(None, missing="About the home page", useful=True)
    feedback_on(theirs, missing="About theirs")

    client = client_for(editor)
    url = reverse("localoffer-editor:feedback")

    def shown(**query: str) -> list[str]:
        return [item.missing for item in client.get(url, query).context["page"]]

    assert shown() == ["About the home page", "New and open", "Old and open"]
    assert shown(show="handled") == ["Handled"]
    assert shown(show="all") == ["About the home page", "New and open", "Old and open", "Handled"]
    page = client.get(url).content.decode()
    assert "Mine service" in page
    assert "Mark as handled" in page


def test_an_editor_marks_feedback_about_their_service_handled(editor: User, mine: Service):
    item = feedback_on(mine, missing="Opening hours")
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    response = client_for(editor).post(url + "?show=all", follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:feedback") + "?show=all", 302)]
    assert "Feedback about Mine service marked as handled." in response.content.decode()
    item.refresh_from_db()
    assert (item.handled_by, item.handled_at) == (editor, timezone.now())
    event = Event.objects.get(action="feedback.handled")
    assert (event.actor, event.target_id) == (editor, str(item.pk))


def test_it_marks_feedback_handled_only_once(editor: User, mine: Service):
    item = feedback_on(mine)
    feedback_mark_handled(actor=editor, feedback=item)
    with pytest.raises(FeedbackAlreadyHandled):
        feedback_mark_handled(actor=editor, feedback=item)
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    response = client_for(editor).post(url, follow=True)
    assert "This feedback was already marked as handled." in response.content.decode()
    assert Event.objects.filter(action="feedback.handled").count() == 1


def test_a_manager_reads_feedback_but_may_not_mark_it_handled(manager: User, mine: Service):
    item = feedback_on(mine, missing="Opening hours")
    client = client_for(manager)
    page = client.get(reverse("localoffer-editor:feedback")).content.decode()
    assert "Opening hours" in page
    assert "Mark as handled" not in page
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    assert client.post(url).status_code == 403
    item.refresh_from_db()
    assert item.handled_at is None


def test_it_hides_feedback_about_another_editors_service(editor: User, theirs: Service):
    item = feedback_on(theirs, missing="Secret")
    client = client_for(editor)
    url = reverse("localoffer-editor:feedback-handled", args=[item.pk])
    assert client.post(url).status_code == 404
    assert "Secret" not in client.get(reverse("localoffer-editor:feedback")).content.decode()
    item.refresh_from_db()
    assert item.handled_at is None
