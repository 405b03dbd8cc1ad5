"""What changed between two revisions, record by record, with the review findings.

Files are paired by git's rename detection and, beyond it, by record id: a record deleted in one
place and added in another with the same id has moved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from ims_cli.analytics.diff import Comparison, Detail, LogEntry, RecordChange, changed, summary
from ims_cli.confidentiality import grade_in, graded, withheld
from ims_cli.config import Config
from ims_cli.findings import Finding, sort_key
from ims_cli.gitio.revisions import Blobs, Revision, Revisions, deleted_by, file_before, history
from ims_cli.models.vocabulary import DEFAULT, Vocabulary
from ims_cli.rules.pull_request import Version, review
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store import files, yamlfile
from ims_cli.store.load import locate_in, parse_config, read_file, register_name, unread

ORDER = {"ny": 0, "endret": 1, "flyttet": 2, "slettet": 3}


@dataclass
class _Side:
    version: Version
    raw: bytes
    findings: list[Finding]  # of the file itself: YAML, schema, personal data


def read_version(path: str, read: Callable[[], bytes]) -> Version:
    """A file's data and Markdown body; a file that does not parse, or cannot be read, has no
    data."""
    try:
        # only the data is read, valid or not: any vocabulary gives the same
        result = read_file(path, read(), VALIDATOR, vocabulary=DEFAULT)
    except files.Unreadable:
        return Version(path, {}, None)
    return Version(path, result.data or {}, result.body)


def compare(revisions: Revisions, today: date) -> Comparison:
    """Every changed record between BASE and HEAD, and the findings a reviewer must see on the
    day of the review."""
    config, _ = parse_config(revisions.head_config(), VALIDATOR)
    people = people_in(revisions.at_head(ORGANISATION))
    pairs = _pairs(revisions, config.vocabulary())
    messages: list[str] | None = None
    changes, findings = [], []
    for old, new in pairs:
        versions = (old.version if old else None, new.version if new else None)
        changes.append(describe(*versions, config, people))
        if new is None and messages is None:
            messages = revisions.messages()
        found = review(*versions, messages or [], today)
        if new is not None:
            found += new.findings
        findings += _located(found, new or old)
    changes.sort(key=lambda c: (ORDER[c.endring], c.id))
    findings.sort(key=sort_key)
    return Comparison(revisions.base_label, revisions.head_label, changes, findings)


def _pairs(revisions: Revisions, vocabulary: Vocabulary) -> list[tuple[_Side | None, _Side | None]]:
    def side(path: str | None, blob: str | None) -> _Side | None:
        if path is None:
            return None
        try:
            raw = revisions.read(blob, path)
        except files.Unreadable as problem:
            return _Side(Version(path, {}, None), b"", [unread(path, problem)])
        result = read_file(path, raw, VALIDATOR, vocabulary=vocabulary)
        return _Side(Version(path, result.data or {}, result.body), raw, result.findings)

    pairs = [(side(c.old, c.old_blob), side(c.new, c.new_blob)) for c in revisions.changes()]
    return _match_moves(pairs)


def _match_moves(
    pairs: list[tuple[_Side | None, _Side | None]],
) -> list[tuple[_Side | None, _Side | None]]:
    """A deletion and an addition of the same id are one record that moved."""
    added = {n.version.id: n for o, n in pairs if o is None and n is not None and n.version.id}
    moved = {
        o.version.id for o, n in pairs if n is None and o is not None and o.version.id in added
    }
    kept = [(o, n) for o, n in pairs if not (o is None and n is not None and n.version.id in moved)]
    return [
        (o, added[o.version.id])
        if n is None and o is not None and o.version.id in moved
        else (o, n)
        for o, n in kept
    ]


ORGANISATION = "records/organisasjon.yaml"


def people_in(raw: bytes | None) -> dict[str, str]:
    """Each person's and unit's name by id from an organisasjon.yaml's bytes; none when it
    cannot be read (then they are shown by id)."""
    if raw is None:
        return {}
    data = read_version(ORGANISATION, lambda: raw).data
    named = {}
    for key in ("personer", "enheter"):
        found = data.get(key)
        for entry in found if isinstance(found, list) else []:
            if isinstance(entry, dict) and "id" in entry and "navn" in entry:
                named[str(entry["id"])] = str(entry["navn"])
    return named


def describe(
    old: Version | None, new: Version | None, config: Config, people: Mapping[str, str]
) -> RecordChange:
    """One file's change as a reader wants it: what happened to which record, and the details;
    `people` names the person ids."""
    either = new or old
    assert either is not None
    if withheld(either.id):  # a varsel: its id and status, nothing more
        old, new = (None if v is None else _status_only(v) for v in (old, new))
        either = new or old
        assert either is not None
    hidden = any(v is not None and graded(grade_in(v.data)) for v in (old, new))
    record_id = either.id or register_name(either.path) or PurePosixPath(either.path).stem
    title = None if hidden else _title(either.data)
    if old is None or new is None:
        kind = "ny" if old is None else "slettet"
        return RecordChange(
            record_id, kind, either.path, None, title, summary(either.data, config, hidden, people)
        )
    details = []
    if old.path != new.path:
        details.append(Detail("fil", None, f"Flyttet fra {old.path}", old.path, new.path))
    unreadable = [word for word, v in (("gamle", old), ("nye", new)) if not v.data]
    if unreadable:  # comparing with nothing would list every field as removed or added
        text = f"Filen kan ikke leses i den {unreadable[0]} versjonen; se funnene"
        details.append(Detail("fil", None, text))
    else:
        bodies = (old.body, new.body)
        details += changed(old.data, new.data, config, hidden, bodies, people=people)
    same = old.data == new.data and old.body == new.body
    kind = "flyttet" if same and old.path != new.path else "endret"
    return RecordChange(
        record_id, kind, new.path, old.path if old.path != new.path else None, title, details
    )


def _status_only(version: Version) -> Version:
    """What a change shows of a withheld record (confidentiality.withheld): its id and status."""
    data = {k: version.data[k] for k in ("id", "status") if k in version.data}
    return replace(version, data=data, body=None)


def _title(data: Mapping[str, Any]) -> str | None:
    if isinstance(data.get("tittel"), str):
        return str(data["tittel"])
    if str(data.get("id", "")).startswith("LA-"):
        return f"Lederavtale {data.get('aar')} for {data.get('enhet')}"
    if str(data.get("id", "")).startswith("LG-"):
        return f"Ledelsens gjennomgang for {data.get('enhet')}, {data.get('dato')}"
    return None


def _located(findings: list[Finding], at: _Side | None) -> list[Finding]:
    if at is None or all(f.line is not None or f.path is None for f in findings):
        return findings
    return locate_in(findings, yamlfile.document_of(at.version.path, yamlfile.decode(at.raw)))


def record_history(root: Path, path: str, config: Config) -> list[LogEntry]:
    """Every commit that touched the record's file, newest first, following renames; and past a
    commit that moved and rewrote it at once (too changed for git to see a rename), by its id."""
    blobs, revisions = history(root, path)
    try:
        people = people_in(files.read(str(root), ORGANISATION))
    except files.Unreadable:
        people = {}
    for _ in range(100):  # each step goes one move further back; a loop of moves ends here
        found = _moved_from(root, blobs, revisions[-1]) if revisions else None
        if found is None:
            break
        revisions[-1], older = found
        revisions += older
    entries = []
    for revision in revisions:
        change = revision.change
        old = new = None
        if change.old is not None and change.old_blob is not None:
            old = read_version(change.old, partial(blobs.read, change.old_blob))
        if change.new is not None and change.new_blob is not None:
            new = read_version(change.new, partial(blobs.read, change.new_blob))
        if old is None and new is None:
            continue
        entries.append(LogEntry(revision, describe(old, new, config, people)))
    return entries


def _moved_from(
    root: Path, blobs: Blobs, added: Revision
) -> tuple[Revision, list[Revision]] | None:
    """The history before `added`, when that commit added the record's file while deleting
    another file with the same id: the same record, moved and rewritten in one commit."""
    change = added.change
    if change.old is not None or change.new is None or change.new_blob is None:
        return None
    record_id = read_version(change.new, partial(blobs.read, change.new_blob)).id
    if not record_id:
        return None
    for gone in deleted_by(root, added.sha):
        if gone.old is None or gone.old_blob is None:
            continue
        if read_version(gone.old, partial(blobs.read, gone.old_blob)).id == record_id:
            moved = replace(change, status="R", old=gone.old, old_blob=gone.old_blob)
            return replace(added, change=moved), history(root, gone.old, f"{added.sha}^")[1]
    return None


def changes_since(root: Path, path: str, day: date, config: Config) -> list[Detail]:
    """What changed in one file (a register) from the last commit before the day to now."""
    old = file_before(root, path, day)
    if old is None or not (root / path).is_file():
        return []
    before = read_version(path, lambda: old)
    now = read_version(path, partial(files.read, str(root), path))
    return changed(before.data, now.data, config, hidden=False)
