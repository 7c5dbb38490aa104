"""The Local Offer service import keeps an editor to the services they keep (issue 14, finding
1's "every other write path that takes a natural key"), through the pages and the worker as an
editor uses them, and from `manage.py import_services --as`."""

import pytest
from django.core.management import CommandError, call_command

from localoffer.models import Service
from tests import factories
from tests.conftest import client_for
from tests.localoffer_import_files import GOOD, checked, csv_bytes, imported, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(db) -> Service:
    """A service of the same organisation kept by another editor."""
    return factories.ServiceFactory.create(
        name="Portage home visits",
        organization__name=GOOD["organisation"],
        owner=factories.LocalOfferEditorFactory.create(email="other.editor@example.org"),
        description="Home visits for families of children under 5 with SEND.",
    )


def service_state(service: Service) -> dict[str, object]:
    return dict(Service.objects.filter(pk=service.pk).values()[0])


def test_an_editor_saving_the_valid_rows_saves_their_own_and_never_another_editors(editor, theirs):
    before = service_state(theirs)
    client = client_for(editor)
    preview = checked(
        client,
        csv_bytes(
            row(),
            row(name=theirs.name, owner_email="", description="Taken over"),
            row(name="Renamed", service_id=str(theirs.pk), owner_email=""),
            row(name="Given away", owner_email="other.editor@example.org"),
        ),
    )
    page = client.get(preview).content.decode()
    assert "is a service of this organisation that another editor keeps; ask a manager" in page
    assert "is not the id of a service you keep" in page
    assert "is not your email address" in page
    imported(client, preview)
    assert service_state(theirs) == before
    assert list(Service.objects.filter(owner=editor).values_list("name", flat=True)) == [
        GOOD["name"]
    ]
    assert not Service.objects.filter(name__in=["Renamed", "Given away"]).exists()


def test_import_services_as_an_editor_imports_only_what_that_editor_may(
    editor, theirs, tmp_path, capsys
):
    before = service_state(theirs)
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(row(name=theirs.name, owner_email="", description="Taken over")))
    with pytest.raises(CommandError, match=r"1 in error\. Nothing was saved\."):
        call_command("import_services", str(path), "--as", "editor@example.org")
    assert "another editor keeps; ask a manager to import it" in capsys.readouterr().out
    assert service_state(theirs) == before
