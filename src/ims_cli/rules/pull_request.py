"""Review rules for a change between two revisions (ims diff): what a pull request must do.

- A changed prosessbeskrivelse raises `versjon` by exactly one (D001), adds the endringslogg
  entry for the new version (D002) and gets a new, later `godkjent` date (D003), all told in one
  round. A process approved today may be revised again today and keep today's date; a `godkjent`
  after today is never right (D003).
- A ROS whose assessment changed gets a new, later `dato` (D004): a risk added or removed, a
  score, a threat or consequence text, the scope. Following up its tiltak (status, fullført,
  evaluering, a frist moved with its reason) is not a new assessment and needs no new date.
- A record keeps its id (D005).
- A record is deleted only when it is closed (`status: lukket` or `avbrutt`) or when a commit
  in the range says why, on a line of its own: `Slettet: AVV-2026-0042 – registrert to ganger`
  (D006). Git keeps the file in its history either way; the rule makes the reason visible.

Text that `ims krypter` encrypted is compared as «(gradert)»: CI has no key, so encrypting a
record is no change of it, and a change inside the encrypted part is not seen here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ims_cli.codes import severity
from ims_cli.confidentiality import HIDDEN
from ims_cli.findings import Finding, Path
from ims_cli.models.vocabulary import SETTLED
from ims_cli.sealing import FIELD

# An avvik settled (lukket, avvist, videresendt) or a tiltak avbrutt may be deleted.
CLOSED = frozenset({*SETTLED, "avbrutt"})


@dataclass(frozen=True)
class Version:
    """A record file as it is at one revision."""

    path: str
    data: Mapping[str, Any]  # empty when the file did not parse
    body: str | None = None

    @property
    def id(self) -> str | None:
        found = self.data.get("id")
        return found if isinstance(found, str) else None


def _finding(code: str, at: Version, message: str, path: Path | None = ("id",)) -> Finding:
    return Finding(code, severity(code), at.path, message, at.id, path=path)


def review(
    old: Version | None, new: Version | None, messages: list[str], today: date
) -> list[Finding]:
    """The review findings for one record file: added (old None), deleted (new None) or changed,
    on the day the review is made."""
    if old is None:
        return []
    if new is None:
        return list(_deleted(old, messages))
    found = []
    if old.id and new.id and old.id != new.id:
        found.append(
            _finding(
                "D005",
                new,
                f"id-en er endret fra {old.id} til {new.id}; en post beholder id-en "
                f"sin – sett tilbake «id: {old.id}», og lag heller en ny post med ims new",
            )
        )
    old, new = _seen(old, new)
    if old.data == new.data and old.body == new.body:
        return found  # moved, not changed, or only encrypted
    if (new.id or "").startswith("PRO-"):
        found += _process(old, new, today)
    elif (new.id or "").startswith("ROS-"):
        found += _ros(old, new)
    return found


def _seen(old: Version, new: Version) -> tuple[Version, Version]:
    """The two versions as review can compare them: without the encrypted part, and a text
    encrypted on either side (encrypted now, or decrypted now) compared as «(gradert)» on both.
    Text gone with the encrypted part taken out is K005's (rules.encryption)."""
    old_data, new_data, old_body, new_body = old.data, new.data, old.body, new.body
    if FIELD in new.data:
        old_data = _hidden_like(old_data, new.data)
        old_body = new_body if _hidden(new_body) else old_body
    if FIELD in old.data:
        new_data = _hidden_like(new_data, old.data)
        new_body = old_body if _hidden(old.body) else new_body
    if old_data is old.data and new_data is new.data:
        return old, new
    old_seen = {k: v for k, v in old_data.items() if k != FIELD}
    new_seen = {k: v for k, v in new_data.items() if k != FIELD}
    return Version(old.path, old_seen, old_body), Version(new.path, new_seen, new_body)


def _hidden(body: str | None) -> bool:
    return body is not None and body.strip() == HIDDEN


def _hidden_like(old: Any, new: Any) -> Any:
    if new == HIDDEN:
        return HIDDEN
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return {k: _hidden_like(v, new.get(k)) for k, v in old.items() if k != FIELD}
    if isinstance(old, list) and isinstance(new, list):
        return [_hidden_like(o, n) for o, n in zip(old, new, strict=False)] + old[len(new) :]
    return old


def _process(old: Version, new: Version, today: date) -> Iterator[Finding]:
    before, after = old.data.get("versjon"), new.data.get("versjon")
    if not isinstance(before, int) or not isinstance(after, int):
        return
    wanted = before + 1  # what the change log must name, whatever versjon says now
    if after != before + 1:
        yield _finding(
            "D001",
            new,
            f"prosessbeskrivelsen er endret, men versjon er {after} (var {before}); "
            f"sett «versjon: {before + 1}»",
            ("versjon",),
        )
    log = new.data.get("endringslogg")
    versions = (
        {e.get("versjon") for e in log if isinstance(e, dict)} if isinstance(log, list) else set()
    )
    if wanted not in versions:
        yield _finding(
            "D002",
            new,
            f"endringsloggen mangler innslaget for versjon {wanted}; legg til "
            f"«- {{versjon: {wanted}, dato: …, av: …, beskrivelse: …}}»",
            ("endringslogg",) if "endringslogg" in new.data else ("versjon",),
        )
    yield from _approved(old, new, today)


def _approved(old: Version, new: Version, today: date) -> Iterator[Finding]:
    """A later `godkjent`, never after today; one approved today may be revised again today."""
    approved = _day(new.data.get("godkjent"))
    if approved is not None and approved > today:
        yield _finding(
            "D003",
            new,
            f"godkjent er {approved}, fram i tid; sett datoen den nye versjonen ble godkjent "
            "(i dag eller før)",
            ("godkjent",),
        )
    elif not _later(old.data.get("godkjent"), new.data.get("godkjent")) and approved != today:
        yield _finding(
            "D003",
            new,
            f"prosessbeskrivelsen er endret, men godkjent er fortsatt "
            f"{old.data.get('godkjent')}; sett datoen den nye versjonen ble godkjent",
            ("godkjent",) if "godkjent" in new.data else ("id",),
        )


# What following up a tiltak changes: progress, not the assessment.
FOLLOW_UP = frozenset({"status", "fullfort", "evaluering", "frist", "fristendringer"})


def _assessment(value: Any) -> Any:
    """The data without the progress of its tiltak."""
    if isinstance(value, Mapping):
        return {
            k: [_progress_left_out(t) for t in v] if k == "tiltak" and isinstance(v, list)
            else _assessment(v)
            for k, v in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [_assessment(v) for v in value]
    return value


def _progress_left_out(tiltak: Any) -> Any:
    if not isinstance(tiltak, Mapping):
        return tiltak
    return {k: v for k, v in tiltak.items() if k not in FOLLOW_UP}


def _ros(old: Version, new: Version) -> Iterator[Finding]:
    if _assessment(old.data) == _assessment(new.data):
        return  # only tiltak followed up
    if not _later(old.data.get("dato"), new.data.get("dato")):
        yield _finding(
            "D004",
            new,
            f"vurderingen i ROS-en er endret (risikoer, skår, trusler eller omfang), men dato "
            f"er fortsatt {old.data.get('dato')}; sett datoen vurderingen ble oppdatert",
            ("dato",) if "dato" in new.data else ("id",),
        )


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # validation reports the date itself


def _later(before: Any, after: Any) -> bool:
    old, new = _day(before), _day(after)
    return new is not None and (old is None or new > old)


def _deleted(old: Version, messages: list[str]) -> Iterator[Finding]:
    if old.data.get("status") in CLOSED or not old.id or justified(old.id, messages):
        return
    yield _finding(
        "D006",
        old,
        f"{old.id} er slettet, men er ikke lukket; lukk posten i stedet, eller "
        f"skriv hvorfor i commit-meldingen på en egen linje: «Slettet: {old.id} – begrunnelse»",
        None,
    )


def justified(record_id: str, messages: list[str]) -> bool:
    """Whether a commit message has a line 'Slettet: <id> – <why>' with a reason on it."""
    pattern = re.compile(
        rf"^[ \t]*Slettet:[ \t]*{re.escape(record_id)}(?=[ \t:–—-]|$)[ \t:–—-]*[^\s:–—-]",
        re.MULTILINE,
    )
    return any(pattern.search(message) for message in messages)
