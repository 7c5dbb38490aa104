"""The demo family sees plans at every stage a family meets: a meeting to come, a meeting
held with the report awaited, a decision with its letter, proposed changes, a final plan
sent, a ceased plan still showing its letters and a decision the officer said would be
late; seeding again changes nothing."""

import pytest
from django.core.management import call_command

from accounts.models import User
from contributions.deadline_notice_models import DeadlineNotice
from contributions.family_models import FamilyMember
from documents.models import Document
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db]


def test_the_demo_parent_follows_plans_at_every_stage_and_reads_them(settings):
    settings.DEBUG = True
    call_command("seed_demo", plans=20)
    counts = (
        FamilyMember.objects.count(),
        Document.objects.count(),
        DeadlineNotice.objects.count(),
    )
    call_command("seed_demo", plans=20)
    assert (
        FamilyMember.objects.count(),
        Document.objects.count(),
        DeadlineNotice.objects.count(),
    ) == counts

    parent = User.objects.get(email="parent@example.org")
    client = client_for(parent)
    home = client.get("/family/").content.decode()
    places = FamilyMember.objects.filter(user=parent).select_related("plan", "plan__child")
    assert places.count() == 7
    pages = ""
    for place in places:
        assert place.plan.child.forename in home
        progress = client.get(f"/family/plans/{place.plan_id}/")
        letters = client.get(f"/family/plans/{place.plan_id}/letters/")
        assert letters.status_code == 200
        pages += letters.content.decode()
        if progress.status_code == 200:
            pages += progress.content.decode()
        else:
            assert progress.status_code == 404  # the ceased plan: its letters only
            assert "This plan has ended." in letters.content.decode()
    for words in (
        "The meeting is planned for",
        "The report of the meeting is due by",
        "We got the report of the meeting on",
        "We will keep the plan as it is.",
        "Tell us what you think of the changes by",
        "We sent you the final plan on",
        "Earlier reviews",
        "Our decision: we will keep the plan as it is",
        "Our decision and the changes we want to make",
        "The final plan",
        "Our decision: we will stop the plan",
        "Things that will be late",
        "We are waiting for advice from the speech and language therapy team",
    ):
        assert words in pages, words
    final = Document.objects.get(source_key__startswith="demo-final-plan:")
    response = client.get(f"/family/plans/{final.plan_id}/letters/{final.pk}/")
    assert response.getvalue().startswith(b"%PDF")
