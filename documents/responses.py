"""A stored document sent to the browser, with the headers that keep it private and inert.

The one way a document's bytes leave the service: the case page's documents (documents.views)
and the family's letters (portal.family_views) both answer through it, after their own
access rule and event."""

import logging

from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

from documents.filenames import document_filename_safe
from documents.models import Document

logger = logging.getLogger(__name__)


def document_file_response(document: Document, *, inline: bool) -> FileResponse:
    """The document's file, shown in the browser (`inline`) or downloaded under its name; 404
    with a message for staff if the file has gone missing."""
    try:
        stored = document.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "Document %s is recorded but its file %s is missing", document.pk, document.file.name
        )
        raise Http404("The file of this document is missing. Tell your service manager.") from None
    response = FileResponse(stored, content_type=document.content_type)
    # RFC 6266: quoted when plain ASCII, percent-encoded otherwise; never spliced in. With a
    # name (always given) it is never None; a download is the safe reading if it were.
    disposition = content_disposition_header(
        not inline, document_filename_safe(document.download_name)
    )
    response["Content-Disposition"] = disposition or "attachment"
    # Never cached on a shared machine; never interpreted as anything but its type; shown
    # inline in a sandbox so that a crafted file cannot run script on this site.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
