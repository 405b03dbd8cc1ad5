"""The history of one record (ims log) as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ims_cli.analytics.diff import LogEntry
from ims_cli.confidentiality import mask
from ims_cli.render.diff import detail_json
from ims_cli.render.plain import printable
from ims_cli.render.registry import LOG
from ims_cli.render.results import History

_SHOWN = 2  # detail lines per commit in the text view


def _lines(entry: LogEntry) -> list[str]:
    change = entry.change
    if change.endring == "ny":
        first = ["opprettet"]
    elif change.endring == "slettet":
        first = ["slettet"]
    else:
        first = []
    details = [d.tekst for d in change.details]
    shown = first + details[: _SHOWN - len(first)]
    rest = len(first) + len(details) - len(shown)
    if rest > 0:
        shown.append(f"… og {rest} endringer til (ims log --json viser alle)")
    return shown or ["bare kommentarer eller formatering er endret"]


def text(record_id: str, path: str, entries: Sequence[LogEntry]) -> str:
    if not entries:
        return f"{record_id} ({path}) har ingen commits ennå."
    out = [f"Historikk for {record_id} ({path}), nyeste først:", ""]
    for entry in entries:
        r = entry.revision
        subject = r.message.splitlines()[0] if r.message else ""
        out.append(f"{r.when:%d.%m.%Y %H:%M}  {r.sha[:10]}  {r.author} <{r.email}>  {subject}")
        out += [f"    {line}" for line in _lines(entry)]
    return mask(printable("\n".join(out)))


def to_json(record_id: str, path: str, entries: Sequence[LogEntry]) -> str:
    document = {
        "id": record_id,
        "fil": path,
        "historikk": [
            {
                "commit": e.revision.sha,
                "forfatter": e.revision.author,
                "epost": e.revision.email,
                "tidspunkt": e.revision.when.isoformat(),
                "melding": e.revision.message,
                "endring": e.change.endring,
                "fil": e.change.fil,
                "fra_fil": e.change.fra_fil,
                "detaljer": [detail_json(d) for d in e.change.details],
            }
            for e in entries
        ],
    }
    return mask(json.dumps(document, ensure_ascii=False, indent=2, default=str))


@LOG.renderer("json")
def _history_json(view: History) -> str:
    return to_json(view.record_id, view.path, view.entries)


@LOG.renderer("text")
def _history_text(view: History) -> str:
    return text(view.record_id, view.path, view.entries)
