"""Who may use the public Local Offer's pages: anonymous visitors and signed-in staff alike,
and search engines."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from localoffer.models import Service
from tests.conftest import client_for
from tests.localoffer_public_cases import (
    FEEDBACK,
    SEARCH,
    feedback_data,
    fixture_speech_therapy,  # noqa: F401  (a fixture)
    service_url,
)

pytestmark = pytest.mark.django_db


# Who may use the pages -----------------------------------------------------------------------


def test_it_opens_every_page_to_anonymous_visitors_without_sign_in(
    client: Client, speech_therapy: Service
):
    for url in (SEARCH, service_url(speech_therapy), FEEDBACK):
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.post(FEEDBACK, feedback_data())["Location"] == "/local-offer/"


def test_it_opens_the_pages_to_signed_in_staff_too(editor: User, speech_therapy: Service):
    client = client_for(editor)
    assert client.get(SEARCH).status_code == 200
    assert client.get(service_url(speech_therapy)).status_code == 200


def test_it_links_anonymous_visitors_to_the_local_offer_and_lets_search_engines_in(
    client: Client,
):
    sign_in = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'href="/local-offer/">Local Offer</a>' in sign_in
    assert 'content="noindex, nofollow"' in sign_in
    search = client.get(SEARCH).content.decode()
    assert 'content="index, follow"' in search
    assert "<title>Find SEND support and services \N{EN DASH} Local Offer \N{EN DASH} " in search
