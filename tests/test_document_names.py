"""A document's file name: any length is stored shortened, and a hostile name reaches the
download's Content-Disposition only encoded (RFC 6266), never spliced."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.http import content_disposition_header

from documents.filenames import document_filename_safe
from documents.models import Document, DocumentKind
from documents.services import document_store
from reviews.models import Review
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def review(north) -> Review:
    return ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-NAMES-1"))


def test_a_file_with_a_300_character_name_is_stored_under_a_shortened_name(officer_north, review):
    name = "Educational psychologist advice " + "x" * 264 + ".pdf"
    assert len(name) == 300

    response = client_for(officer_north).post(
        "/casework/plans/EHCP-NAMES-1/documents/new/",
        {"file": SimpleUploadedFile(name, PDF), "kind": "paperwork", "title": ""},
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert len(document.original_filename) == 100
    assert document.original_filename.startswith("Educational psychologist advice xxx")
    assert document.original_filename.endswith("x.pdf")
    assert document.title == document.original_filename


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ('report"; filename="evil.exe', 'report"; filename="evil.exe.pdf'),
        ("report\r\nSet-Cookie: session=stolen", "report Set-Cookie: session=stolen.pdf"),
        ("Rapport d'évaluation", "Rapport d'évaluation.pdf"),
        ("\u202efdp.exe", "fdp.exe.pdf"),
        ("..\\..\\secrets/report", "-..-secrets-report.pdf"),
    ],
    ids=["quotes", "cr-lf", "non-ascii", "right-to-left", "path"],
)
def test_a_hostile_file_name_is_encoded_in_the_download_header_never_spliced(
    officer_north, review, hostile, shown
):
    document = document_store(
        plan=review.plan,
        review=review,
        kind=DocumentKind.PAPERWORK,
        title="Advice",
        filename=f"{hostile}.pdf",
        data=PDF,
        actor=officer_north,
    )
    client = client_for(officer_north)
    base = f"/casework/plans/EHCP-NAMES-1/documents/{document.pk}"

    download = client.get(f"{base}/download/")["Content-Disposition"]
    view = client.get(f"{base}/")["Content-Disposition"]

    assert download == content_disposition_header(True, shown)
    assert view == content_disposition_header(False, shown)
    for header in (download, view):
        assert "\r" not in header
        assert "\n" not in header
        assert "%0D" not in header
        assert "%0A" not in header
        assert "%E2%80%AE" not in header


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("advice.pdf", "advice.pdf"),
        ("a\x00b\tc.pdf", "a b c.pdf"),
        ("  . ", "document"),
        ("x" * 150, "x" * 100),
        ("y" * 150 + ".averyveryverylongextension", "y" * 100),
    ],
    ids=["plain", "control-characters", "nothing-readable", "no-extension", "long-extension"],
)
def test_a_file_name_is_made_safe_to_show(name, safe):
    assert document_filename_safe(name) == safe
