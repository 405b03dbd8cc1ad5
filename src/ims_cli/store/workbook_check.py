"""A workbook looked at before openpyxl reads it: openpyxl trusts the file it is given.

openpyxl makes an object for every cell a sheet spans and for every cell of a merged range, and
reads XML with whatever parser is installed: a sheet spanning the whole grid ran for 45 s and
then out of memory, and a DOCTYPE can declare entities that grow or fetch files. Excel writes
neither; both are refused here from the workbook's own XML, read as a stream.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from openpyxl.utils.cell import range_boundaries

from ims_cli.words import whole

MAX_BYTES = 20 * 1024 * 1024  # a ROS sheet is some hundred KiB; one with pictures some MiB
MAX_UNPACKED = 100 * 1024 * 1024  # its XML unpacked
MAX_CELLS = 1_000_000  # rows × columns a sheet spans, and the cells its merged ranges hold
_DOCTYPES = tuple("<!DOCTYPE".encode(code) for code in ("utf-8", "utf-16-le", "utf-16-be"))
_CHUNK = 1024 * 1024


def problem_of(raw: bytes) -> str | None:
    """Why ims will not give a workbook to openpyxl, in Norwegian; None when it may (also
    when it is no zip archive at all: openpyxl then says it is no workbook)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED:
            return (
                f"arbeidsboken er {whole(unpacked // 1024 // 1024)} MiB pakket ut; ims leser "
                f"høyst {MAX_UNPACKED // 1024 // 1024} MiB. Lagre arket i en ny arbeidsbok"
            )
        xml = [m for m in members if m.filename.endswith((".xml", ".rels"))]
        for member in xml:
            if _has_doctype(archive, member):
                return (
                    f"{member.filename} har en DOCTYPE, som Excel aldri skriver (den kan hente "
                    "inn andre filer); ims leser den ikke. Åpne arbeidsboken i Excel og lagre "
                    "den på nytt"
                )
        for member in xml:
            if member.filename.startswith("xl/worksheets/"):
                found = _span(archive, member)
                if found:
                    return f"{found} ({member.filename})"
    return None


def _has_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """A DOCTYPE anywhere in the part, read in chunks (the part may be large)."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if any(doctype in window for doctype in _DOCTYPES):
                return True
            tail = window[-32:]
    return False


def _span(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str | None:
    """What is too large about a sheet: the cells its merged ranges hold, or the rows and
    columns it spans (its dimension, its rows and its cells)."""
    rows = columns = merged = 0
    with archive.open(member) as stream:
        for _, element in ElementTree.iterparse(stream, events=("end",)):
            name = element.tag.rpartition("}")[2]
            if name == "row" and (element.get("r") or "").isdigit():
                rows = max(rows, int(element.get("r") or 0))
            elif name in ("dimension", "mergeCell", "c"):
                bounds = _bounds(element.get("ref" if name != "c" else "r"))
                if bounds and name == "mergeCell":
                    merged += (bounds[2] - bounds[0] + 1) * (bounds[3] - bounds[1] + 1)
                elif bounds:
                    columns, rows = max(columns, bounds[2]), max(rows, bounds[3])
            element.clear()
    if merged > MAX_CELLS:
        return f"arket slår sammen {whole(merged)} celler; ims leser høyst {whole(MAX_CELLS)}"
    if rows * columns > MAX_CELLS:
        return (
            f"arket spenner over {whole(rows)} rader og {whole(columns)} kolonner; slett de "
            "tomme radene og kolonnene etter tabellen i Excel og lagre på nytt"
        )
    return None


def _bounds(ref: str | None) -> tuple[int, int, int, int] | None:
    """(first column, first row, last column, last row) of 'A1:C7' or 'B2'; None if unreadable."""
    try:
        bounds = range_boundaries(ref or "")
    except (ValueError, TypeError):
        return None
    if any(b is None for b in bounds):
        return None
    return bounds  # type: ignore[return-value]
