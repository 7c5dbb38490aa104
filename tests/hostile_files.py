"""Spreadsheets built byte by byte, for the tests of what an import refuses to read: a small
zip whose sheet holds millions of empty rows, a sheet that declares a million rows, a workbook
whose shared strings unpack to far more than its size, a CSV with one enormous cell."""

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
SHEET_TYPE = f"{RELATIONSHIPS}/worksheet"
STRINGS_TYPE = f"{RELATIONSHIPS}/sharedStrings"


def _content_types(strings: bool) -> str:
    override = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        if strings
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        f'worksheet+xml"/>{override}</Types>'
    )


ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


def _workbook_rels(strings: bool) -> str:
    extra = (
        f'<Relationship Id="rId2" Type="{STRINGS_TYPE}" Target="sharedStrings.xml"/>'
        if strings
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{SHEET_TYPE}" Target="worksheets/sheet1.xml"/>{extra}'
        "</Relationships>"
    )


def _column_name(number: int) -> str:
    name = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        name = chr(ord("A") + remainder) + name
    return name


def sheet_row(number: int, values: Iterable[str]) -> bytes:
    """One <row> of inline strings."""
    cells = "".join(
        f'<c r="{_column_name(column)}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        for column, value in enumerate(values, start=1)
        if value
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def xlsx(
    rows: Iterable[bytes],
    *,
    dimension: str | None = None,
    shared_strings: Iterable[bytes] | None = None,
) -> bytes:
    """A minimal workbook whose first sheet's <sheetData> holds `rows` as given, streamed
    through the compressor so that millions of rows cost little memory to build."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(shared_strings is not None))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(shared_strings is not None))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for chunk in rows:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
        if shared_strings is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
                for chunk in shared_strings:
                    part.write(chunk)
                part.write(b"</sst>")
    return buffer.getvalue()


def repeated(chunk: bytes, times: int, *, batch: int = 100_000) -> Iterable[bytes]:
    """`chunk` `times` times over, in batches, for streaming into a part."""
    whole, rest = divmod(times, batch)
    block = chunk * batch
    for _ in range(whole):
        yield block
    yield chunk * rest
