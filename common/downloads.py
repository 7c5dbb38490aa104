"""Files to save: the header that offers one, and spreadsheets that run no formula."""

import tablib
from django.utils.http import content_disposition_header

from common.tabular import formula_safe


def attachment(filename: str) -> str:
    """`Content-Disposition` for a download named `filename`, encoded as RFC 6266 says
    (quoted and escaped, or `filename*=utf-8''...` outside ASCII); a name is never spliced
    into the header, so quotes, semicolons or line breaks in it cannot change the header."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


def neutralise_formulae(dataset: tablib.Dataset) -> tablib.Dataset:
    """Prefix a quote to every text cell a spreadsheet would run as a formula.

    The quote keeps the value readable and makes Excel, LibreOffice and Google Sheets show
    it as text (OWASP "CSV injection"); dates and numbers are left as they are.
    """
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([formula_safe(cell) if isinstance(cell, str) else cell for cell in row])
    return safe
