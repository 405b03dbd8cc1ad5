"""Small helpers every rule module uses to make findings."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ims_cli.codes import severity
from ims_cli.findings import Finding, Path
from ims_cli.store.load import StoredRecord


def finding(
    code: str, stored: StoredRecord, path: Path, message: str, sub_id: str | None = None
) -> Finding:
    """A finding in a record, at a path in its data; the store fills in line and column."""
    ref = f"{stored.record.id}/{sub_id}" if sub_id else stored.record.id
    return Finding(code, severity(code), stored.path, message, ref, path=path)


def close_match(value: str, known: Iterable[str]) -> str | None:
    """The known id closest to a value that is none of them, if any is close."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


def did_you_mean(value: str | None) -> str:
    """' – mente du «x»?' for the close match of a value, or ''."""
    return f" – mente du «{value}»?" if value else ""
