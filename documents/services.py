"""Storing documents: the content decides the type, the service decides the name."""

import hashlib
import io
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from accounts.models import User
from audit.services import event_record
from casework.models import Plan
from documents.models import ALLOWED_TYPES, DOCX, RECORDING_TYPES, Document, DocumentKind
from reviews.models import Review

# A Word document is a zip of a few dozen parts. Listing a zip's parts builds an object per
# part, so a 20 MB zip of 400,000 empty parts would cost the web request seconds and hundreds
# of megabytes: its declared count is read from the end record first.
DOCX_MAX_PARTS = 1_000
ZIP_END_RECORD = b"PK\x05\x06"


def _zip_declares_too_many_parts(data: bytes) -> bool:
    """Whether the zip's end record (APPNOTE 4.3.16) declares more parts than a Word document
    has; a zip64 record (count 0xFFFF) is far past it too."""
    end = data.rfind(ZIP_END_RECORD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return False  # no end record: zipfile refuses it as damaged
    declared = int.from_bytes(data[end + 10 : end + 12], "little")
    return declared > DOCX_MAX_PARTS


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def document_size_check(size: int) -> None:
    """Refuse a file over DOCUMENT_MAX_BYTES, before anything reads it into memory."""
    if size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            f"The selected file must be smaller than {_megabytes(settings.DOCUMENT_MAX_BYTES)}."
        )


def document_content_type(data: bytes, *, recordings: bool = False) -> str:
    """The file's type judged from its bytes, or a ValidationError saying what is accepted;
    `recordings`: sound recordings (RECORDING_TYPES) are accepted too."""
    allowed = {**ALLOWED_TYPES, **RECORDING_TYPES} if recordings else ALLOWED_TYPES
    accepted = ", ".join(label for _, label in allowed.values())
    if not data:
        raise ValidationError("The selected file is empty.")
    guess = filetype.guess(data)
    mime: str | None = guess.mime if guess else None
    if mime == DOCX or (mime == "application/zip" and data[:2] == b"PK"):
        if _zip_declares_too_many_parts(data):
            raise ValidationError("The selected file is a damaged Word document.")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" not in archive.namelist():
                    raise ValidationError(f"The selected file must be a {accepted}.")
                mime = DOCX
        except zipfile.BadZipFile as e:
            raise ValidationError("The selected file is a damaged Word document.") from e
    if mime not in allowed:
        found = f" (it looks like {guess.extension.upper()})" if guess else ""
        raise ValidationError(f"The selected file must be a {accepted}{found}.")
    return mime


def document_store(
    *,
    plan: Plan,
    review: Review | None,
    kind: DocumentKind,
    title: str,
    filename: str,
    data: bytes,
    actor: User | None,
    source_key: str | None = None,
    recordings: bool = False,
) -> Document:
    """Check and keep one file with the case. The row and the file are saved together: if the
    row cannot be saved the file is removed, so nothing is left half-stored.

    Generated documents pass a `source_key`: a second call with the same key returns the
    first document and stores nothing (Celery may run a task twice). `recordings`: accept
    sound recordings too."""
    if source_key is not None:
        found = Document.objects.filter(source_key=source_key).first()
        if found is not None:
            return found
    document_size_check(len(data))
    content_type = document_content_type(data, recordings=recordings)
    document = Document(
        plan=plan,
        review=review,
        kind=kind,
        title=title.strip() or filename,
        original_filename=filename[-255:],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
        source_key=source_key,
    )
    document.file.save("upload", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
            event_record(
                actor=actor,
                action="document.added",
                target=plan,
                details={"document": document.pk, "title": document.title, "kind": kind},
            )
    except IntegrityError:
        document.file.delete(save=False)
        if source_key is None:
            raise
        return Document.objects.get(source_key=source_key)
    except BaseException:
        document.file.delete(save=False)
        raise
    return document
