"""Who may import which Local Offer services: an editor owns what they import, may not take
another editor's services, and a manager may import for any active editor."""

import pytest

from localoffer.importing import COLUMNS, service_import
from localoffer.models import Service
from tests import factories
from tests.localoffer_import_files import GOOD, csv_bytes, refused, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# --- Who may import what -----------------------------------------------------------------------


def test_it_gives_an_editor_the_services_they_import_with_a_blank_owner(editor):
    service_import(data=csv_bytes(row(owner_email="")), filename="s.csv", actor=editor)
    assert Service.objects.get().owner == editor


def test_it_gives_an_editor_the_services_they_import_without_an_owner_column(editor):
    columns = [c for c in COLUMNS if c != "owner_email"]
    service_import(data=csv_bytes(row(), columns=columns), filename="s.csv", actor=editor)
    assert Service.objects.get().owner == editor


def test_it_refuses_an_editor_a_service_for_another_editor(editor):
    other = factories.LocalOfferEditorFactory.create(email="other.editor@example.org")
    messages = refused(csv_bytes(row(owner_email=other.email)), actor=editor)
    assert messages == [
        "Row 2, column owner_email: 'other.editor@example.org': is not your email address; you "
        "can import only services you keep yourself (leave it blank, or ask a manager)"
    ]


def test_it_refuses_an_editor_a_service_another_editor_keeps(editor):
    theirs = factories.ServiceFactory.create(
        name=GOOD["name"], organization__name=GOOD["organisation"]
    )
    by_name = refused(csv_bytes(row()), actor=editor)
    assert by_name == [
        f"Row 2, column name: '{GOOD['name']}': is a service of this organisation that another "
        "editor keeps; ask a manager to import it"
    ]
    by_id = refused(csv_bytes(row(service_id=str(theirs.pk))), actor=editor)
    assert by_id == [
        f"Row 2, column service_id: '{theirs.pk}': is not the id of a service you keep"
    ]


def test_it_lets_a_manager_import_for_any_editor_and_keeps_the_editor_for_a_blank_owner(
    manager, editor
):
    other = factories.LocalOfferEditorFactory.create(email="other.editor@example.org")
    result = service_import(
        data=csv_bytes(row(), row(name="Portage", owner_email="OTHER.editor@example.org")),
        filename="s.csv",
        actor=manager,
    )
    assert result.saved
    assert Service.objects.get(name="Portage").owner == other
    service_import(data=csv_bytes(row(owner_email="", fees="£2")), filename="s.csv", actor=manager)
    assert Service.objects.get(name=GOOD["name"]).owner == editor


def test_it_refuses_to_give_a_service_to_an_inactive_editor(manager, editor):
    editor.is_active = False
    editor.save()
    assert refused(csv_bytes(row()), actor=manager)[0].endswith(
        "is not the email address of an active Local Offer editor"
    )
