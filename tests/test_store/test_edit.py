"""Surgical edits: only the targeted lines change, and a crash never leaves half a file."""

from __future__ import annotations

import difflib
import os
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ims_cli.errors import UserError
from ims_cli.store import edit
from ims_cli.store.edit import Append, SetValue

BLOCK = """# Avvik fra nattevakt
id: AVV-2026-0001   # id
tittel: "Signatur: mangler"
tiltak:
  - id: T1
    beskrivelse: |
      Oppdatere rutinen
      for nattevakter
    ansvarlig: liv.berg   # leder
    frist: 2026-12-01
    status: pagar

  # neste tiltak
  - {id: T2, beskrivelse: 'Opplæring', ansvarlig: liv.berg, frist: 2026-12-01, status: planlagt}
lukket: null
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_set_existing_and_add_keys_in_a_block_mapping() -> None:
    changes = [
        SetValue(("tiltak", 0), "status", "fullfort"),
        SetValue(("tiltak", 0), "fullfort", date(2026, 11, 20)),
        SetValue(("tiltak", 0), "evaluering", "Rutinen virker: ingen nye avvik"),
    ]
    after, data = edit.apply(BLOCK, changes, markdown=False)
    assert changed_lines(BLOCK, after) == [
        "-    status: pagar",
        "+    status: fullfort",
        "+    fullfort: 2026-11-20",
        "+    evaluering: 'Rutinen virker: ingen nye avvik'",
    ]
    assert data["tiltak"][0]["fullfort"] == "2026-11-20"


def test_flow_mapping_gets_keys_before_its_brace() -> None:
    changes = [
        SetValue(("tiltak", 1), "status", "fullfort"),
        SetValue(("tiltak", 1), "fullfort", date(2026, 11, 20)),
    ]
    after, _ = edit.apply(BLOCK, changes, markdown=False)
    assert changed_lines(BLOCK, after) == [
        "-  - {id: T2, beskrivelse: 'Opplæring', ansvarlig: liv.berg, frist: 2026-12-01, status: "
        "planlagt}",
        "+  - {id: T2, beskrivelse: 'Opplæring', ansvarlig: liv.berg, frist: 2026-12-01, status: "
        "fullfort, fullfort: 2026-11-20}",
    ]


def test_append_creates_then_extends_a_list() -> None:
    item = {
        "fra": date(2026, 12, 1),
        "til": date(2027, 1, 15),
        "dato": date(2026, 11, 22),
        "begrunnelse": "Venter på leverandør",
    }
    once, _ = edit.apply(BLOCK, [Append(("tiltak", 0), "fristendringer", item)], markdown=False)
    assert changed_lines(BLOCK, once) == [
        "+    fristendringer:",
        "+      - {fra: 2026-12-01, til: 2027-01-15, dato: 2026-11-22, begrunnelse: Venter på "
        "leverandør}",
    ]
    twice, data = edit.apply(once, [Append(("tiltak", 0), "fristendringer", item)], markdown=False)
    assert len(changed_lines(once, twice)) == 1
    assert len(data["tiltak"][0]["fristendringer"]) == 2
    flow, _ = edit.apply(BLOCK, [Append(("tiltak", 1), "fristendringer", item)], markdown=False)
    assert "status: planlagt, fristendringer: [{fra: 2026-12-01" in flow


def test_crlf_bom_and_front_matter() -> None:
    text = "---\r\nid: PRO-1\r\nversjon: 1\r\n---\r\n# Formål\r\n"
    after, _ = edit.apply(text, [SetValue((), "versjon", 2)], markdown=True)
    assert after == "---\r\nid: PRO-1\r\nversjon: 2\r\n---\r\n# Formål\r\n"
    added, _ = edit.apply(text, [SetValue((), "eier", "kari.nordmann")], markdown=True)
    assert added == "---\r\nid: PRO-1\r\nversjon: 1\r\neier: kari.nordmann\r\n---\r\n# Formål\r\n"


def test_an_unexpected_shape_is_refused() -> None:
    with pytest.raises(UserError, match="rediger filen for hånd"):
        edit.apply(BLOCK, [SetValue(("tiltak", 0, "beskrivelse"), "x", "y")], markdown=False)


# ------------------------------------------------------------------ property test

WORDS = st.text(alphabet=string.ascii_letters + "æøåÆØÅ ", min_size=1, max_size=20).map(str.strip)
TEXTS = WORDS.filter(bool)


@st.composite
def avvik_files(draw: st.DrawFn) -> tuple[str, int]:
    """An avvik file with comments, blank lines, quoting and flow or block tiltak."""
    lines = [f"# {draw(TEXTS)}"] if draw(st.booleans()) else []
    title = draw(TEXTS)
    quote = draw(st.sampled_from(["{}", "'{}'", '"{}"']))
    lines += ["id: AVV-2026-0001", f"tittel: {quote.format(title)}", "tiltak:"]
    count = draw(st.integers(1, 3))
    for n in range(1, count + 1):
        description = draw(TEXTS)
        if draw(st.booleans()):
            lines.append(
                f"  - {{id: T{n}, beskrivelse: '{description}', ansvarlig: liv.berg, "
                f"frist: 2026-12-01, status: pagar}}"
            )
        else:
            lines += [
                f"  - id: T{n}",
                f'    beskrivelse: "{description}"',
                f"    ansvarlig: liv.berg  # {draw(TEXTS)}",
                "    frist: 2026-12-01",
                "    status: pagar",
            ]
        if draw(st.booleans()):
            lines.append("")
            lines.append(f"  # {draw(TEXTS)}")
    lines.append("status: under_behandling")
    return "\n".join(lines) + "\n", draw(st.integers(0, count - 1))


@settings(max_examples=60, deadline=None)
@given(
    avvik_files(), st.text(alphabet=string.ascii_letters + "æøå :,'\"#-", min_size=1, max_size=40)
)
def test_an_edit_changes_exactly_the_targeted_tiltak(case: tuple[str, int], note: str) -> None:
    text, index = case
    changes = [
        SetValue(("tiltak", index), "status", "fullfort"),
        SetValue(("tiltak", index), "fullfort", date(2026, 11, 20)),
        SetValue(("tiltak", index), "evaluering", note),
    ]
    after, data = edit.apply(text, changes, markdown=False)
    assert data["tiltak"][index]["evaluering"] == note
    before_lines, after_lines = text.splitlines(), after.splitlines()
    # every line outside the tiltak's own lines is untouched, byte for byte
    target = f"T{index + 1}"
    start = next(i for i, line in enumerate(before_lines) if f"id: {target}" in line)
    end = next(
        (
            i
            for i in range(start + 1, len(before_lines))
            if before_lines[i].startswith(("  - ", "  #", "status:")) or not before_lines[i]
        ),
        len(before_lines),
    )
    added = len(after_lines) - len(before_lines)
    assert after_lines[:start] == before_lines[:start]
    assert after_lines[end + added :] == before_lines[end:]


# ------------------------------------------------------------------ atomic writes


def test_a_crash_mid_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "AVV-2026-0001.yaml"
    path.write_text(BLOCK, encoding="utf-8")

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        edit.write_atomically(path, "halv fil", bom=False)
    assert path.read_text(encoding="utf-8") == BLOCK
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_write_keeps_bom_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    path.chmod(0o640)
    edit.write_atomically(path, "a: 2\n", bom=True)
    assert path.read_bytes() == b"\xef\xbb\xbfa: 2\n"
    assert path.stat().st_mode & 0o777 == 0o640
