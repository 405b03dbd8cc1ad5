"""What may leave the repository: one policy for every output that reaches further than the file.

CI logs and annotations, pull-request comments, reports, the site, e-mail and exports all ask
here, and nowhere else:

- The text of a record graded `fortrolig` or `strengt_fortrolig` is left out (for the audience
  `apen`, the text of every record not graded `apen`). Counts still include such records.
- A varsel (arbeidsmiljøloven kap. 2 A) is `strengt_fortrolig` whatever its file says, and
  beyond its file it shows its id and status, nothing else: not its unit, dates, people or
  tiltak (`withheld`). It is left out of statistics, reports, PUFF, the site and the exports.
- A graded record encrypted at rest (sealing.py) holds «(gradert)» in the file where its text
  was: an output shows that, whoever runs it; only `ims show` and an edit, for a reader with
  the key, decrypt it, and nothing decrypted is written anywhere.
- A fødselsnummer or D-nummer is masked wherever it stands (`010190*****`), also where the record
  may hold it: the record is the place for it, a log or a comment is not.

What is text and what is a code is read from the models' types (models.fields), never guessed from
how a word looks: `HIV` in a tiltak's beskrivelse is text, `pagar` in its status a code. A rule
that quotes a record's text in a finding's message does it through `quote`, so a graded record's
text is «(gradert)» there from the start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from ims_cli.findings import Finding

# «(gradert)»: models.common has it, as an encrypted record's file holds it too (sealing.py)
from ims_cli.models.common import HIDDEN as HIDDEN  # noqa: PLC0414 (exported)
from ims_cli.models.fields import free_text, is_code
from ims_cli.models.varsel import VARSEL_GRADE, Varsel
from ims_cli.national_ids import national_ids

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ims_cli.models.vocabulary import Vocabulary

M = TypeVar("M", bound="BaseModel")
R = TypeVar("R")

CONFIDENTIAL: frozenset[str] = frozenset({"fortrolig", "strengt_fortrolig"})
OPEN_GRADES: frozenset[str] = frozenset({"apen", "intern"})
AUDIENCES = ("intern", "apen")  # who an output is for: --publikum
# The id prefix of a varsel (VAR-), from its model's id pattern.
_WITHHELD_PREFIX = (
    str(next(m.pattern for m in Varsel.model_fields["id"].metadata if hasattr(m, "pattern")))
    .removeprefix("^")
    .split("-")[0]
    + "-"
)


def withheld(record_id: Any) -> bool:
    """Whether a record shows nothing beyond its file but its id and status: a varsel
    (arbeidsmiljøloven kap. 2 A), whose unit, dates, people and tiltak could say who varslet
    and about what. Decided by the id, so also for a varsel whose file is not valid."""
    return isinstance(record_id, str) and record_id.startswith(_WITHHELD_PREFIX)


def withheld_kind(model: type) -> bool:
    """Whether the records of a model are withheld (see withheld)."""
    return issubclass(model, Varsel)


def shared(records: Iterable[R]) -> list[R]:
    """The records an output beyond the file may draw on (statistics, reports, PUFF, the site,
    exports): every one but the withheld (see withheld). Records, stored records and tiltak items
    (by their ref) alike."""
    return [r for r in records if not withheld(_id_of(r))]


def _id_of(item: Any) -> Any:
    """The record id of a stored record, a record, or a tiltak of one (its ref, AVV-…/T1)."""
    record = getattr(item, "record", None)
    if record is not None or hasattr(item, "id"):
        return getattr(record if record is not None else item, "id", None)
    ref = getattr(item, "ref", None)
    return ref.split("/")[0] if isinstance(ref, str) else None


def grade_in(data: Any) -> Any:
    """The grade of a record's data as read from its file, valid or not: its `gradering`, and
    for a varsel strengt_fortrolig whatever the file says (a wrong grade is its error, never a
    reason to show it)."""
    if not isinstance(data, dict):
        return None
    return VARSEL_GRADE if withheld(data.get("id")) else data.get("gradering")


def graded(gradering: Any) -> bool:
    """Whether a record's text is confidential: `fortrolig`, `strengt_fortrolig`, and every grade
    ims does not know (`fortrolg`, `strengt-fortrolig`, a number) — an unknown grade is the most
    restrictive, never the least. No grade at all is `intern`, the default."""
    if gradering is None:
        return False
    if not isinstance(gradering, str):
        return True
    return gradering.strip().lower().replace(" ", "_").replace("-", "_") not in OPEN_GRADES


def may_hold_national_id(gradering: Any, encrypted_at_rest: bool) -> bool:
    """Whether a record's text in clear may hold a fødselsnummer: a graded record's may, unless
    graded records are encrypted at rest (kryptering.pa), where the only place for one is the
    encrypted part of the record (sealing.py), which no clone shows to a non-reader."""
    return graded(gradering) and not encrypted_at_rest


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


def quote(value: Any, gradering: Any) -> str:
    """A record's free text quoted in a message: «text», or «(gradert)» for a graded record —
    whatever the text looks like (a one-word `HIV` is text, not a code)."""
    return f"«{HIDDEN if graded(gradering) else value}»"


def field_for(owner: BaseModel, name: str, gradering: Any, audience: str) -> Any:
    """A field of a record (or of a part of it) as an output for the audience may show it: free
    text by the policy, codes, ids, dates and numbers as they are (models.fields decides which
    is which from the model's types); national ids masked."""
    value = getattr(owner, name)
    if value is None or not free_text(type(owner), name):
        return mask(value) if isinstance(value, str) else value
    if isinstance(value, list):
        return [text_for(str(v), gradering, audience) for v in value]
    return text_for(str(value), gradering, audience)


def shown_value(name: str, value: Any, hidden: bool) -> bool:
    """Whether a value found under a field name in a record's data may be shown, the record's
    text being `hidden`: only a code of the schema is (models.fields.is_code)."""
    return not hidden or is_code(name, value)


def masked(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row of values with every national id number masked, in whichever value it stands."""
    return tuple(mask(v) if isinstance(v, str) else v for v in values)


def masked_data(value: Any) -> Any:
    """Data read from a record (mappings, lists, values) with every national id masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: masked_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked_data(v) for v in value]
    return value


def masked_record(record: M, vocabulary: Vocabulary) -> M:
    """A record with every national id in its text masked: for the person at the terminal, who
    may read the record's text but not a number that stands in it. `vocabulary`: the codes
    ims.yaml allows (models.vocabulary), which the record was validated with."""
    data = record.model_dump()
    hidden = masked_data(data)
    return record if hidden == data else type(record).model_validate(hidden, context=vocabulary)


def mask(text: str) -> str:
    """Every valid fødselsnummer or D-nummer, however it is written (150385-10190, 15.03.85
    10190), with its last five digits as '*'."""
    if len(text) < 11:  # too short to hold one: most values of a table (ids, codes, names)
        return text
    parts, last = [], 0
    for match in national_ids(text):
        start, end = match.span(5)
        parts += [text[last:start], "*****"]
        last = end
    return "".join(parts) + text[last:] if parts else text


def mark(findings: Iterable[Finding], gradering: Any) -> list[Finding]:
    """Findings about a record, marked as graded when the record is."""
    if not graded(gradering):
        return list(findings)
    return [f if f.graded else replace(f, graded=True) for f in findings]


def shareable_text(message: str) -> str:
    """A message about a record as it may be shown beyond the file: national ids masked. A graded
    record's text is not in it: the rule that made it quoted that text through `quote`, where it
    is known which value is text and which a code."""
    return mask(message)


def shareable(finding: Finding) -> Finding:
    """A finding as it may be shown beyond the file: graded text hidden, national ids masked.
    The value a fix replaces in a graded record is hidden too, as in its message: a value the
    rules refused is no code of it (a key is). A withheld record's passed deadline says only
    that one has passed (the rule's code says which kind): not whose, what for, or when — it is
    shown as a finding about the record, not as a deadline with its day."""
    if finding.due is not None and withheld(finding.ref):  # a varsel's, or one of its tiltak's
        record_id = str(finding.ref).partition("/")[0]
        return replace(
            finding,
            message=f"en frist i {record_id} er passert; hva den gjelder og når, står bare i filen",
            ref=record_id,
            due=None,
            days_overdue=None,
            unit=None,
            owner=None,
        )
    message = shareable_text(finding.message)
    fix = finding.fix
    if fix is not None and finding.graded and not fix.key and fix.old != HIDDEN:
        return replace(finding, message=message, fix=replace(fix, old=HIDDEN))
    return finding if message == finding.message else replace(finding, message=message)
