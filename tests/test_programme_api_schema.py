"""The API schema describes the volunteer programme's resources (DESIGN section 7)."""

import pytest

from tests.programme_api_cases import api_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_schema_describes_the_programme_resources(manager):
    paths = api_for(manager).get("/api/schema/?format=json").json()["paths"]
    for resource in ("volunteers", "release-agreements", "assignments", "qa"):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
