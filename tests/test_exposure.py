"""What the service lets others keep or learn: nothing with a child's data is stored by a
browser or proxy, the API's schema is for signed-in people, the server does not name
itself, and a download's name cannot change the header that carries it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from common.downloads import attachment
from tests.conftest import client_for

BASE_DIR = Path(__file__).resolve().parent.parent
NO_STORE = "private, no-store"


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("officer_north", "/casework/"),
        ("officer_north", "/casework/export/plans.csv"),
        ("manager", "/manager/exports/sen2.csv"),
        ("volunteer", "/volunteer/"),
        ("editor", "/local-offer/manage/"),
        ("headteacher", "/account/"),
    ],
)
def test_pages_and_downloads_for_signed_in_people_are_never_stored(persona, url, personas):
    response = client_for(personas[persona]).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_api_responses_are_never_stored_whoever_asks(officer_north):
    _, key = AuthToken.objects.create(user=officer_north)
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert with_token.get("/api/v1/reviews/")["Cache-Control"] == NO_STORE
    anonymous = APIClient().get("/api/v1/reviews/")
    assert anonymous.status_code == 401
    assert anonymous["Cache-Control"] == NO_STORE


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sign-in/", "/password-reset/", "/volunteer-with-us/"])
def test_public_pages_of_the_service_itself_are_never_stored_either(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/local-offer/", "/openreferral/services"])
def test_the_public_local_offer_and_its_feed_are_not_marked_private(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_api_schema_and_docs_need_sign_in(url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("url", ["/api/schema/?format=json", "/api/docs/"])
def test_the_api_schema_and_docs_open_with_a_token_or_a_session(url, volunteer):
    _, key = AuthToken.objects.create(user=volunteer)
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert with_token.get(url).status_code == 200
    assert client_for(volunteer).get(url).status_code == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _production_gunicorn_command(port: int) -> list[str]:
    """The web command of the Dockerfile, bound to a free local port."""
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    cmd_line = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    command: list[str] = eval(cmd_line.removeprefix("CMD "))  # noqa: S307 (our Dockerfile)
    bind = command.index("--bind")
    command[bind + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "1"
    return [sys.executable, "-m", *command]


def test_gunicorn_as_deployed_does_not_name_itself():
    port = _free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        _production_gunicorn_command(port),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/sign-in/", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert response.status_code == 200
    assert "server" not in response.headers


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("board-report-2026-11-23.pdf", 'attachment; filename="board-report-2026-11-23.pdf"'),
        ('North "A"; x=1.csv', 'attachment; filename="North \\"A\\"; x=1.csv"'),
        ("Résumé.csv", "attachment; filename*=utf-8''R%C3%A9sum%C3%A9.csv"),
        (
            "two\r\nSet-Cookie: a=b.csv",
            "attachment; filename*=utf-8''two%0D%0ASet-Cookie%3A%20a%3Db.csv",
        ),
    ],
)
def test_a_download_name_is_encoded_never_spliced_into_the_header(name, expected):
    assert attachment(name) == expected
