"""A small repository of graded records with the same text in every field the models call free
text (models.fields), each kind and each part of a record present: what the outputs must never
show. Built from the records `ims init --eksempel` writes, with what they leave out added."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.kinds import KINDS, kind_of
from ims_cli.models.common import Kryptert
from ims_cli.models.fields import Leaf, free_text, leaves, record_models

# What `ims init --eksempel` does not have: a finding in an audit, a result, a self-assessment,
# a varsel, a vernerunde and an øvelse, a breach and an injury, tiltak moved, cancelled and done,
# an overdue ROS and process.
EXTRA: dict[str, dict[str, Any]] = {
    "records/avvik/AVV-2026-0101.yaml": {
        "id": "AVV-2026-0101",
        "type": "uonsket_hendelse",
        "tittel": "x",
        "meldt": "2026-01-10",
        "meldt_av": "per.lie",
        "kilde": "ansatt",
        "enhet": "OPP-SOLSTRAND",
        "kategori": "personvern",
        "alvorlighet": 4,
        "prosess": "PRO-1",
        "status": "meldt",
        "arsaksanalyse": {"rotarsak": "x", "metode": "x", "kategori": "rutine"},
        "personvern": {"brudd": "ja", "oppdaget": "2026-01-10", "risiko": "risiko"},
        "hms": {"personskade": "alvorlig"},
        "pasientsikkerhet": {"alvorlig_hendelse": "dodsfall"},
        "kontakt": {"navn": "x", "epost": "x"},  # as ims serve writes it
        "tiltak": [
            {
                "id": "T1",
                "beskrivelse": "x",
                "ansvarlig": "liv.berg",
                "frist": "2026-03-01",
                "status": "pagar",
                "fristendringer": [
                    {"fra": "2026-02-01", "til": "2026-03-01", "dato": "2026-01-20"}
                ],
            },
            {
                "id": "T2",
                "beskrivelse": "x",
                "ansvarlig": "liv.berg",
                "frist": "2026-03-01",
                "status": "avbrutt",
                "avbrutt": {"dato": "2026-02-01"},
            },
            {
                "id": "T3",
                "beskrivelse": "x",
                "ansvarlig": "liv.berg",
                "frist": "2026-03-01",
                "status": "fullfort",
                "fullfort": "2026-02-01",
            },
        ],
    },
    "records/revisjoner/REV-2026-0101.yaml": {
        "id": "REV-2026-0101",
        "type": "intern_revisjon",
        "tittel": "x",
        "enhet": "OPP-SOLSTRAND",
        "planlagt": "2026-02-01",
        "gjennomfort": "2026-02-01",
        "funn": [{"id": "F1", "type": "avvik", "beskrivelse": "x", "lovkrav": ["LOV-BHG-1"]}],
    },
    "records/varsler/VAR-2026-0101.yaml": {
        "id": "VAR-2026-0101",
        "mottatt": "2026-01-12",
        "enhet": "KD",
        "gradering": "strengt_fortrolig",
        "tilgang": ["kari.nordmann"],
        "varsler": "per.lie",
        "tema": "x",
        "status": "under_behandling",
        "tiltak": [
            {
                "id": "T1",
                "beskrivelse": "x",
                "ansvarlig": "kari.nordmann",
                "frist": "2026-03-01",
                "status": "pagar",
            }
        ],
    },
    "records/vernerunder/VR-2026-0101.yaml": {
        "id": "VR-2026-0101",
        "enhet": "OPP-SOLSTRAND",
        "dato": "2026-01-20",
        "deltakere": ["liv.berg"],
        "funn": [{"id": "F1", "beskrivelse": "x"}],
    },
    "records/ovelser/OV-2026-0101.yaml": {
        "id": "OV-2026-0101",
        "enhet": "KD",
        "dato": "2026-01-25",
        "scenario": "x",
        "deltakere": ["kari.nordmann"],
        "tiltak": [
            {
                "id": "T1",
                "beskrivelse": "x",
                "ansvarlig": "kari.nordmann",
                "frist": "2026-03-01",
                "status": "pagar",
            }
        ],
    },
    "records/egenvurderinger/EV-2026-0101.yaml": {
        "id": "EV-2026-0101",
        "enhet": "KD",
        "dato": "2026-01-15",
        "vurdert_av": ["kari.nordmann"],
        "omrader": [{"omrade": "risikostyring", "na": 2, "ambisjon": 3, "tiltak": []}],
    },
}


def _more(data: dict[str, Any]) -> dict[str, Any]:
    """Added to the example's own records: a result for the goal of its lederavtale, in the
    agreement's year (`ims init` dates the example today and names it by that year). Everything
    is late on a day some years after the example's."""
    if str(data.get("id")).startswith("LA-"):
        return {"mal": [{"resultater": [{"periode": f"{data['aar']}-1", "verdi": 4.0}]}]}
    return {}


def _merge(data: Any, more: Any) -> Any:
    if isinstance(data, dict) and isinstance(more, dict):
        return {**data, **{k: _merge(data.get(k), v) for k, v in more.items()}}
    if isinstance(data, list) and isinstance(more, list):
        return [_merge(d, m) for d, m in zip(data, more, strict=False)] + more[len(data) :]
    return more


def _models_of(model: type[BaseModel], name: str) -> list[type[BaseModel]]:
    info = model.model_fields[name]
    return [leaf for leaf in leaves(info.annotation) if not isinstance(leaf, Leaf)]


def fill(data: dict[str, Any], model: type[BaseModel], text: str, reached: set[Any]) -> None:
    """Every free-text field of the mapping, and of every part in it, set to the text (also
    those it did not have); `reached` gets (model, field) for each."""
    for name in model.model_fields:
        if free_text(model, name):
            annotation = model.model_fields[name].annotation
            many = typing.get_origin(annotation) is list
            data[name] = [text] if many else text
            reached.add((model.__name__, name))
            continue
        value = data.get(name)
        parts = value if isinstance(value, list) else [value]
        for part in (p for p in parts if isinstance(p, dict)):
            for sub in _models_of(model, name):
                if set(part) <= set(sub.model_fields) | {"samme_som"}:
                    fill(part, sub, text, reached)
                    break


def every_free_text_field() -> set[tuple[str, str]]:
    """(model, field) of every free-text field of a record, as the models say; but the armored
    age message of an encrypted record (Kryptert.tekst), which holds no text in clear and which
    tests/test_cli/test_encryption.py follows into every output."""
    return {
        (m.__name__, n)
        for m in record_models()
        if m is not Kryptert
        for n in m.model_fields
        if free_text(m, n)
    }


def _read(path: Path) -> tuple[dict[str, Any], str | None]:
    text = path.read_text("utf-8")
    if path.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        return yaml.safe_load(front), body
    return yaml.safe_load(text), None


def _write(path: Path, data: dict[str, Any], body: str | None) -> None:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{dumped}---\n{body}" if body is not None else dumped, "utf-8")


def build(root: Path) -> Path:
    """`ims init --eksempel` in root, with the extra records."""
    result = CliRunner().invoke(app, ["init", str(root), "--eksempel"])
    assert result.exit_code == 0, result.output
    for name, data in EXTRA.items():
        _write(root / name, data, None)
    for path in (root / "records").rglob("*"):
        if path.suffix in (".yaml", ".md") and path.parent.name != "records":
            data, body = _read(path)
            _write(path, _merge(data, _more(data)), body)
    return root


def record_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in (root / "records").rglob("*")
        if p.suffix in (".yaml", ".md") and p.parent.name != "records"
    )


def set_text(path: Path, text: str, gradering: str) -> set[tuple[str, str]]:
    """One record graded `gradering`, with `text` in every free-text field (and as a process's
    body); the (model, field) pairs that were set."""
    reached: set[tuple[str, str]] = set()
    data, body = _read(path)
    kind = kind_of(data.get("id"))
    assert kind is not None and kind in KINDS, path
    fill(data, kind.model, text, reached)
    data["gradering"] = gradering
    _write(path, data, f"# {text}\n\n{text}\n" if body is not None else None)
    return reached


def grade(root: Path, text: str, gradering: str) -> set[tuple[str, str]]:
    """Every record graded `gradering`, with `text` in every free-text field and as the body of
    every process; the (model, field) pairs that were set."""
    reached: set[tuple[str, str]] = set()
    for path in record_files(root):
        reached |= set_text(path, text, gradering)
    return reached
