"""What may leave the repository: one policy for every output that reaches further than the file.

CI logs and annotations, pull-request comments, reports, the site, e-mail and exports all ask
here, and nowhere else:

- The text of a record graded `fortrolig` or `strengt_fortrolig` is left out (for the audience
  `apen`, the text of every record not graded `apen`). Counts still include such records.
- A fødselsnummer or D-nummer is masked wherever it stands (`010190*****`), also where the record
  may hold it: the record is the place for it, a log or a comment is not.

Messages of findings quote values taken from a record in «»; in a finding about a graded record,
every quoted value that is not an id, a date, a field name or a code is replaced by «(gradert)».
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ims_cli.findings import Finding
from ims_cli.rules.personvern import find_national_ids

CONFIDENTIAL: frozenset[str] = frozenset({"fortrolig", "strengt_fortrolig"})
AUDIENCES = ("intern", "apen")  # who an output is for: --publikum
HIDDEN = "(gradert)"

# Ids, dates, person ids, field names and codes (AVV-2026-0042, liv.berg, under_behandling): not
# free text, so shown also for a graded record.
CODE_LIKE = re.compile(r"^(?:[a-z0-9_.\-/:]*|[A-Z0-9]+(?:[-.][A-Z0-9]+)*(?:/[A-Z0-9]+)?)$")
_QUOTED = re.compile(r"«([^«»]*)»")


def graded(gradering: Any) -> bool:
    """Whether a record's text is confidential; a misspelt grade ('Fortrolig') counts as meant."""
    if not isinstance(gradering, str):
        return False
    return gradering.strip().lower().replace(" ", "_") in CONFIDENTIAL


def visible(gradering: Any, audience: str = "intern") -> bool:
    """Whether a record's text may appear in an output for this audience."""
    if audience == "apen":
        return bool(gradering == "apen")
    return not graded(gradering)


def text_for(value: str | None, gradering: Any, audience: str) -> str | None:
    """A record's free text as an output for the audience may show it: «(gradert)» when the
    record's text may not be shown there, national ids masked (see masked)."""
    if value is None:
        return None
    return mask(value) if visible(gradering, audience) else HIDDEN


def masked(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row of values with every national id number masked, in whichever value it stands."""
    return tuple(mask(v) if isinstance(v, str) else v for v in values)


def mask(text: str) -> str:
    """Every valid fødselsnummer or D-nummer with its last five digits as '*'."""
    if len(text) < 11:  # too short to hold one: most values of a table (ids, codes, names)
        return text
    starts = list(find_national_ids(text))
    if not starts:
        return text
    chars = list(text)
    for start in starts:
        # The number may be written 6+5 with a space: mask the five digits after the date part.
        digits = [i for i in range(start + 6, min(start + 12, len(chars))) if chars[i].isdigit()]
        for index in digits[:5]:
            chars[index] = "*"
    return "".join(chars)


def mark(findings: Iterable[Finding], gradering: Any) -> list[Finding]:
    """Findings about a record, marked as graded when the record is."""
    if not graded(gradering):
        return list(findings)
    return [f if f.graded else replace(f, graded=True) for f in findings]


def _hide(match: re.Match[str]) -> str:
    return match.group(0) if CODE_LIKE.match(match.group(1)) else f"«{HIDDEN}»"


def shareable_text(message: str, graded: bool) -> str:
    """A message about a record as it may be shown beyond the file: for a graded record, the
    record's text quoted in «» hidden; national ids masked."""
    return mask(_QUOTED.sub(_hide, message) if graded else message)


def shareable(finding: Finding) -> Finding:
    """A finding as it may be shown beyond the file: graded text hidden, national ids masked."""
    message = shareable_text(finding.message, finding.graded)
    return finding if message == finding.message else replace(finding, message=message)
