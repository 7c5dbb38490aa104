"""Advice sent twice at once through one link is kept once."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from contributions.advice import advice_receive
from tests import factories
from tests.conftest import run_at_once


@pytest.mark.django_db(transaction=True)
def test_advice_sent_twice_at_once_is_received_once(north):
    advice = factories.AdviceRequestFactory.create(review__plan__area=north)

    def send() -> str:
        try:
            advice_receive(request_id=advice.pk, advice="Same advice", files=[])
        except ValidationError:
            return "refused"
        return "received"

    assert sorted(run_at_once(send)) == ["received", "refused"]
    assert Event.objects.filter(action="advice.received").count() == 1
