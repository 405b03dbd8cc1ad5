"""A comparison of two revisions as text, as a pull-request comment (Markdown) and as JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ims_cli.analytics.diff import Comparison, Detail, RecordChange
from ims_cli.codes import CODES
from ims_cli.confidentiality import mask, shareable
from ims_cli.findings import Finding, count
from ims_cli.render.findings import line, location
from ims_cli.render.markdown_text import md_text
from ims_cli.render.registry import DIFF
from ims_cli.words import counted

_MARK = {"ny": "🆕", "endret": "✏️", "flyttet": "📁", "slettet": "🗑️"}
_SEVERITY = {"feil": "❌ feil", "advarsel": "⚠️ advarsel"}


def _counts(changes: Sequence[RecordChange]) -> str:
    counted = Counter(c.endring for c in changes)
    kinds = ("ny", "endret", "flyttet", "slettet")
    return ", ".join(f"{counted[k]} {k}" for k in kinds if counted[k])


def _heading(c: RecordChange) -> str:
    return f"{c.id} – {c.tittel}" if c.tittel else c.id


@DIFF.renderer("text")
def text(result: Comparison) -> str:
    """For a terminal or a CI log: one block per record, then the findings."""
    if not result.changes:
        out = [f"Ingen endringer i postene fra {result.base} til {result.head}."]
    else:
        out = [f"Endringer fra {result.base} til {result.head}: {_counts(result.changes)}.", ""]
        for c in result.changes:
            out.append(f"{c.endring:<8} {_heading(c)}  ({c.fil})")
            out += [f"         - {d.tekst}" for d in c.details]
    if result.findings:
        out += ["", "Funn ved gjennomgang:"] + [line(f) for f in result.findings]
    return mask("\n".join(out))


@DIFF.renderer("md")
def markdown(result: Comparison) -> str:
    """A pull-request comment: a summary table, details per record folded, findings last."""
    out = ["## Endringer i ledelsessystemet", ""]
    if not result.changes:
        out.append(f"Ingen endringer i postene fra `{result.base}` til `{result.head}`.")
    else:
        out += [
            f"Fra `{result.base}` til `{result.head}`: {_counts(result.changes)}.",
            "",
            "| | Post | Tittel | Endring |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {_MARK[c.endring]} | {c.id} | {md_text(c.tittel or '')} | {_what(c)} |"
            for c in result.changes
        ]
        for c in result.changes:
            if c.endring != "flyttet":  # the table says all there is
                out += _record(c)
    out += _findings(result.findings)
    return mask("\n".join(out) + "\n")


def _what(c: RecordChange) -> str:
    return (
        f"flyttet fra `{md_text(c.fra_fil)}`" if c.endring == "flyttet" and c.fra_fil else c.endring
    )


def _record(c: RecordChange) -> list[str]:
    title = md_text(c.tittel or "")
    summary = f"<b>{md_text(c.id)}</b> {title} – {c.endring} <code>{md_text(c.fil)}</code>"
    lines = ["", f"<details><summary>{summary}</summary>", ""]
    lines += [f"- {md_text(d.tekst)}" for d in c.details] or ["- (ingen feltendringer)"]
    return [*lines, "", "</details>"]


def _findings(found: Sequence[Finding]) -> list[str]:
    if not found:
        return ["", "Ingen funn ved gjennomgangen av endringene."]
    errors, warnings = count(list(found), "feil"), count(list(found), "advarsel")
    warned = counted(warnings, "advarsel", "advarsler")
    lines = ["", f"### Funn ved gjennomgang: {errors} feil, {warned}", ""]
    for f in map(shareable, found):
        ref = f" ({md_text(f.ref)})" if f.ref else ""
        lines.append(
            f"- {_SEVERITY[f.severity]} **{f.code}** {CODES[f.code][1]}{ref} – "
            f"`{md_text(location(f))}`: {md_text(f.message)}"
        )
    return lines


def detail_json(d: Detail) -> dict[str, Any]:
    return {"hva": d.hva, "ref": d.ref, "tekst": d.tekst, "fra": d.fra, "til": d.til}


@DIFF.renderer("json")
def to_json(result: Comparison) -> str:
    document = {
        "fra": result.base,
        "til": result.head,
        "endringer": [
            {
                "id": c.id,
                "endring": c.endring,
                "fil": c.fil,
                "fra_fil": c.fra_fil,
                "tittel": c.tittel,
                "detaljer": [detail_json(d) for d in c.details],
            }
            for c in result.changes
        ],
        "funn": [shareable(f).to_json() for f in result.findings],
    }
    return mask(json.dumps(document, ensure_ascii=False, indent=2, default=str))


@DIFF.renderer("github")
def _github(result: Comparison) -> str | None:
    from ims_cli.render.check import github

    return github(result.findings) if result.findings else None
