"""VR: vernerunde, whose funn become avvik (models/vernerunde.py). Its deadline (F013, each
virksomhet's next round) is in analytics.deadlines: it is the latest round's that counts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.vernerunde import Vernerunde
from ims_cli.words import day


def _title(record: Vernerunde, people: Mapping[str, str]) -> str:
    return f"Vernerunde {day(record.dato)}"


def _status(record: Vernerunde) -> str | None:
    """Whether every funn is followed up as an avvik."""
    return "apne_funn" if any(f.avvik is None for f in record.funn) else "fulgt_opp"


def _refs(record: Vernerunde) -> Iterator[Ref]:
    for i, person in enumerate(record.deltakere):
        yield "person", ("deltakere", i), person
    for f, funn in enumerate(record.funn):
        if funn.avvik:
            yield "avvik", ("funn", f, "avvik"), funn.avvik


KIND = Kind(
    "VR",
    "vernerunde",
    Vernerunde,
    "records/vernerunder/{year}",
    interval="vernerunde_maaneder",
    title=_title,
    status=_status,
    statuses=("apne_funn", "fulgt_opp"),
    refs=_refs,
    sections=("funn",),
    page="post.html.j2",
)
