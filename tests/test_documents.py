"""Case documents: checked by content, stored under generated names, read only through the
access-checked views, every read an event."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import Event
from documents.models import Document, DocumentKind
from documents.services import document_store
from reviews.models import Review
from tests.conftest import client_for
from tests.factories import PlanFactory, ReleaseAgreementFactory, ReviewFactory
from volunteers.services import assignments_close_for_review, assignments_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def docx_bytes(*, with_document: bool = True, empty_parts: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(empty_parts):
            archive.writestr(f"x/{n}", "")
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("notes.txt", "not a word document")
    return buffer.getvalue()


@pytest.fixture
def review(north) -> Review:
    return ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-DOC-1"))


@pytest.fixture
def paperwork(review, officer_north) -> Document:
    return document_store(
        plan=review.plan,
        review=review,
        kind=DocumentKind.PAPERWORK,
        title="Review paperwork",
        filename="paperwork.pdf",
        data=PDF,
        actor=officer_north,
    )


@pytest.fixture
def letter(review) -> Document:
    return document_store(
        plan=review.plan,
        review=review,
        kind=DocumentKind.LETTER,
        title="Decision letter",
        filename="letter.pdf",
        data=PDF,
        actor=None,
        source_key=f"decision-letter:{review.pk}",
    )


def upload(client: Client, plan_ref: str, name: str, data: bytes, **form: str):
    return client.post(
        f"/casework/plans/{plan_ref}/documents/new/",
        {"file": SimpleUploadedFile(name, data), "kind": "paperwork", "title": "", **form},
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("advice.pdf", PDF, "application/pdf"),
        ("photo of form.png", PNG, "image/png"),
        (
            "plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("scan.jpg", PNG, "image/png"),
    ],
    ids=["pdf", "png", "docx", "png-named-jpg"],
)
def test_an_accepted_file_is_stored_under_a_generated_name_by_its_content_type(
    officer_north, review, documents_root, name, data, content_type
):
    response = upload(client_for(officer_north), "EHCP-DOC-1", name, data)

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == content_type
    assert document.original_filename == name
    assert name not in document.file.name
    assert (documents_root / document.file.name).read_bytes() == data
    assert document.review == review
    assert Event.objects.filter(action="document.added", actor=officer_north).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("letter.pdf", b"<html><script>alert(1)</script></html>", "must be a PDF, Word document"),
        ("program.pdf", b"MZ\x90\x00" + bytes(200), "(it looks like EXE)"),
        ("plan.docx", docx_bytes(with_document=False), "must be a PDF, Word document"),
        ("broken.docx", b"PK\x03\x04" + bytes(40), "damaged Word document"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("parts.docx", docx_bytes(empty_parts=5_000), "damaged Word document"),
    ],
    ids=[
        "html-named-pdf",
        "exe-named-pdf",
        "zip-named-docx",
        "broken-zip",
        "empty",
        "zip-of-many-parts",
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_by_its_content_and_nothing_is_stored(
    officer_north, review, documents_root, name, data, message
):
    response = upload(client_for(officer_north), "EHCP-DOC-1", name, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Document.objects.exists()
    assert not [p for p in documents_root.rglob("*") if p.is_file()]


def test_a_file_over_the_size_limit_is_refused_with_the_limit(
    officer_north, review, settings, documents_root
):
    settings.DOCUMENT_MAX_BYTES = 2_000_000

    response = upload(client_for(officer_north), "EHCP-DOC-1", "big.pdf", PDF + bytes(2_000_000))

    assert response.status_code == 400
    assert "must be smaller than 2 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_a_missing_file_and_kind_are_each_named_in_the_error_summary(officer_north, review):
    response = client_for(officer_north).post("/casework/plans/EHCP-DOC-1/documents/new/", {})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a file to upload" in page
    assert "Select what the document is" in page


def test_the_upload_form_sends_files(officer_north, review):
    page = client_for(officer_north).get("/casework/plans/EHCP-DOC-1/documents/new/")

    assert 'enctype="multipart/form-data"' in page.content.decode()


def test_viewing_and_downloading_are_each_an_event_and_never_cached(officer_north, paperwork):
    client = client_for(officer_north)
    base = f"/casework/plans/EHCP-DOC-1/documents/{paperwork.pk}/"

    viewed = client.get(base)
    downloaded = client.get(base + "download/")

    assert viewed.getvalue() == PDF
    assert viewed["Content-Disposition"].startswith("inline")
    assert downloaded["Content-Disposition"] == 'attachment; filename="paperwork.pdf"'
    for response in (viewed, downloaded):
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    actions = list(
        Event.objects.filter(actor=officer_north, action__startswith="document.")
        .exclude(action="document.added")
        .order_by("id")
        .values_list("action", "details__document")
    )
    assert actions == [("document.viewed", paperwork.pk), ("document.downloaded", paperwork.pk)]


def test_a_document_is_not_found_under_another_plans_address(officer_north, paperwork, north):
    PlanFactory.create(area=north, plan_ref="EHCP-OTHER")

    response = client_for(officer_north).get(
        f"/casework/plans/EHCP-OTHER/documents/{paperwork.pk}/"
    )

    assert response.status_code == 404


def test_the_case_page_lists_documents_with_links_to_read_them(officer_north, paperwork):
    page = client_for(officer_north).get("/casework/plans/EHCP-DOC-1/").content.decode()

    assert "Review paperwork" in page
    assert f"/casework/plans/EHCP-DOC-1/documents/{paperwork.pk}/download/" in page
    assert "/casework/plans/EHCP-DOC-1/documents/new/" in page


def client_as(persona: str, personas) -> Client:
    return Client() if persona == "anonymous" else client_for(personas[persona])


# persona: (upload GET, upload POST, view paperwork, download paperwork, view letter)
MATRIX = {
    "officer_north": (200, 302, 200, 200, 200),
    "officer_west": (404, 404, 404, 404, 404),
    "manager": (403, 403, 200, 200, 200),
    "volunteer": (404, 404, 404, 404, 404),
    "headteacher": (404, 404, 404, 404, 404),
    "editor": (404, 404, 404, 404, 404),
    "anonymous": (302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_documents_follow_the_plans_area_rule(persona, personas, paperwork, letter):
    client = client_as(persona, personas)
    base = "/casework/plans/EHCP-DOC-1/documents/"

    got = (
        client.get(base + "new/").status_code,
        upload(client, "EHCP-DOC-1", "more.pdf", PDF).status_code,
        client.get(f"{base}{paperwork.pk}/").status_code,
        client.get(f"{base}{paperwork.pk}/download/").status_code,
        client.get(f"{base}{letter.pk}/").status_code,
    )

    assert got == MATRIX[persona]
    assert Document.objects.count() == (3 if persona == "officer_north" else 2)


def test_a_volunteer_reads_the_paperwork_of_their_review_only_while_assigned(
    officer_north, volunteer, review, paperwork, letter
):
    ReleaseAgreementFactory.create(volunteer=volunteer)
    assignments_create(actor=officer_north, volunteer=volunteer, reviews=[review])
    client = client_for(volunteer)
    base = "/casework/plans/EHCP-DOC-1/documents/"

    assert client.get(f"{base}{paperwork.pk}/").status_code == 200
    assert client.get(f"{base}{letter.pk}/").status_code == 404  # letters carry family details
    assert client.get("/casework/plans/EHCP-DOC-1/").status_code == 404  # never the case page

    assignments_close_for_review(actor=officer_north, review=review, reason="withdrawn")

    assert client.get(f"{base}{paperwork.pk}/").status_code == 404
    assert Event.objects.filter(actor=volunteer, action="document.viewed").count() == 1


def test_a_stored_document_has_no_public_address(paperwork):
    with pytest.raises(ValueError, match="not accessible via a URL"):
        paperwork.file.url  # noqa: B018


def test_a_word_document_opens_as_a_download(officer_north, review):
    upload(client_for(officer_north), "EHCP-DOC-1", "plan.docx", docx_bytes())
    document = Document.objects.get()

    response = client_for(officer_north).get(f"/casework/plans/EHCP-DOC-1/documents/{document.pk}/")

    assert response["Content-Disposition"].startswith("attachment")
    assert Event.objects.filter(action="document.downloaded").count() == 1


def test_a_document_whose_file_is_missing_is_not_found_and_no_read_is_recorded(
    officer_north, paperwork, documents_root
):
    (documents_root / paperwork.file.name).unlink()

    response = client_for(officer_north).get(
        f"/casework/plans/EHCP-DOC-1/documents/{paperwork.pk}/"
    )

    assert response.status_code == 404
    assert not Event.objects.filter(action="document.viewed").exists()
