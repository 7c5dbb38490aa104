"""Printing HTML to PDF with WeasyPrint, for letters, certificates and the board report."""

from typing import Any


def pdf_from_html(html: str) -> bytes:
    """Print `html` to PDF. Only the HTML given is read: WeasyPrint is refused every URL
    (images, stylesheets, fonts on the network), so a document cannot leak or be changed by
    what it links to. Styles and charts must be inline in the document."""
    from weasyprint import HTML

    def no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"Documents do not load external resources ({url})")

    pdf: bytes = HTML(string=html, url_fetcher=no_fetching).write_pdf()
    return pdf
