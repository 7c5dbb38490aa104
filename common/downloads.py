"""The header that offers a response as a file to save."""

from django.utils.http import content_disposition_header


def attachment(filename: str) -> str:
    """`Content-Disposition` for a download named `filename`, encoded as RFC 6266 says
    (quoted and escaped, or `filename*=utf-8''...` outside ASCII); a name is never spliced
    into the header, so quotes, semicolons or line breaks in it cannot change the header."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"
