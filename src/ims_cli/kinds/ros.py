"""ROS: risiko- og sårbarhetsvurdering (models/ros.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ims_cli.kinds.base import Kind, Ref
from ims_cli.models.ros import Ros


def _refs(record: Ros) -> Iterator[Ref]:
    yield "person", ("ansvarlig",), record.ansvarlig
    for i, person in enumerate(record.deltakere):
        yield "person", ("deltakere", i), person
    for r, risiko in enumerate(record.risikoer):
        if risiko.risikobank:
            yield "risikobank", ("risikoer", r, "risikobank"), risiko.risikobank
        for i, lov in enumerate(risiko.lovkrav):
            yield "lovkrav", ("risikoer", r, "lovkrav", i), lov
        for i, avvik in enumerate(risiko.avvik):
            yield "avvik", ("risikoer", r, "avvik", i), avvik


# Its deadline (F002, the next evaluation) is in analytics.deadlines, beside the risk matrix.
KIND = Kind(
    "ROS",
    "ros",
    Ros,
    "records/ros/{area}",
    example="ROS-2026-0007",
    required=("enhet", "tittel", "omrade", "ansvarlig"),
    interval="ros_evaluering_maaneder",
    refs=_refs,
    sections=("risikoer",),
    page="ros.html.j2",
)
