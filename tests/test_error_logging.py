"""An expected refusal is logged as one line; a fault in the service keeps its traceback."""

import io
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from kentsend.log_filters import NoTracebackForClientErrors
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the service's console log handler writes, as the settings configure it."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, NoTracebackForClientErrors) for f in h.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        yield written
    finally:
        handler.setStream(previous)


def test_a_permission_denied_is_logged_as_one_line_without_a_traceback(volunteer, console):
    assert client_for(volunteer).get("/casework/").status_code == 403

    log = console.getvalue()
    assert "Forbidden (Permission denied): /casework/" in log
    assert "Traceback" not in log


@pytest.mark.urls("tests.urls_with_a_fault")
def test_a_fault_in_the_service_is_logged_with_its_traceback(console):
    assert Client(raise_request_exception=False).get("/fault/").status_code == 500

    log = console.getvalue()
    assert "Internal Server Error: /fault/" in log
    assert "Traceback" in log
    assert "RuntimeError: a fault in the service" in log
