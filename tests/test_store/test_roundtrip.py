"""Surgical edits: only the targeted lines change, and a crash never leaves half a file."""

from __future__ import annotations

import difflib
import os
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ims_cli.errors import UserError
from ims_cli.store import roundtrip
from ims_cli.store.roundtrip import Append, Rename, SetValue
from ims_cli.store.write import write_atomically
from tests.conftest import PROJECT

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
    after, data = roundtrip.apply(BLOCK, changes, markdown=False)
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
    after, _ = roundtrip.apply(BLOCK, changes, markdown=False)
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
    once, _ = roundtrip.apply(
        BLOCK, [Append(("tiltak", 0), "fristendringer", item)], markdown=False
    )
    assert changed_lines(BLOCK, once) == [
        "+    fristendringer:",
        "+      - {fra: 2026-12-01, til: 2027-01-15, dato: 2026-11-22, begrunnelse: Venter på "
        "leverandør}",
    ]
    twice, data = roundtrip.apply(
        once, [Append(("tiltak", 0), "fristendringer", item)], markdown=False
    )
    assert len(changed_lines(once, twice)) == 1
    assert len(data["tiltak"][0]["fristendringer"]) == 2
    flow, _ = roundtrip.apply(
        BLOCK, [Append(("tiltak", 1), "fristendringer", item)], markdown=False
    )
    assert "status: planlagt, fristendringer: [{fra: 2026-12-01" in flow


def test_crlf_bom_and_front_matter() -> None:
    text = "---\r\nid: PRO-1\r\nversjon: 1\r\n---\r\n# Formål\r\n"
    after, _ = roundtrip.apply(text, [SetValue((), "versjon", 2)], markdown=True)
    assert after == "---\r\nid: PRO-1\r\nversjon: 2\r\n---\r\n# Formål\r\n"
    added, _ = roundtrip.apply(text, [SetValue((), "eier", "kari.nordmann")], markdown=True)
    assert added == "---\r\nid: PRO-1\r\nversjon: 1\r\neier: kari.nordmann\r\n---\r\n# Formål\r\n"


def test_a_markdown_body_is_replaced_after_the_front_matter_and_only_there() -> None:
    text = "---\r\nid: PRO-1\r\nversjon: 1\r\n---\r\n# Formål\r\n\r\n---\r\nmer\r\n"
    after, data = roundtrip.apply(
        text, [roundtrip.Body("(gradert)\n"), SetValue((), "versjon", 2)], markdown=True
    )
    assert after == "---\r\nid: PRO-1\r\nversjon: 2\r\n---\r\n(gradert)\r\n"
    assert data == {"id": "PRO-1", "versjon": 2}
    body = "# Formål\r\n\r\nTekst\r\n"  # as the file had it, carriage returns and all
    back, _ = roundtrip.apply(after, [roundtrip.Body(body)], markdown=True)
    assert back == "---\r\nid: PRO-1\r\nversjon: 2\r\n---\r\n" + body
    with pytest.raises(UserError, match="rediger filen for hånd"):
        roundtrip.apply("id: AVV-2026-0001\n", [roundtrip.Body("x")], markdown=False)


def test_a_key_is_removed_with_its_block_and_the_rest_kept() -> None:
    text = "id: A\n# om teksten\ntittel: (gradert)\nkryptert:\n  tekst: |\n    x\n"
    text += "status: meldt  # ja\n"
    after, data = roundtrip.apply(text, [roundtrip.Remove((), "kryptert")], markdown=False)
    assert after == "id: A\n# om teksten\ntittel: (gradert)\nstatus: meldt  # ja\n"
    assert data == {"id": "A", "tittel": "(gradert)", "status": "meldt"}
    with pytest.raises(UserError, match="rediger filen for hånd"):
        roundtrip.apply(after, [roundtrip.Remove((), "kryptert")], markdown=False)


def test_an_unexpected_shape_is_refused() -> None:
    with pytest.raises(UserError, match="rediger filen for hånd"):
        roundtrip.apply(BLOCK, [SetValue(("tiltak", 0, "beskrivelse"), "x", "y")], markdown=False)


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
    after, data = roundtrip.apply(text, changes, markdown=False)
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
        write_atomically(path, "halv fil", bom=False)
    assert path.read_text(encoding="utf-8") == BLOCK
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_write_keeps_bom_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    path.chmod(0o640)
    write_atomically(path, "a: 2\n", bom=True)
    assert path.read_bytes() == b"\xef\xbb\xbfa: 2\n"
    assert path.stat().st_mode & 0o777 == 0o640


# ------------------------------------------------------------------ every real file

REAL = sorted(
    p
    for folder in ("records", "tests/fixtures/base", "tests/fixtures/valid")
    for p in (PROJECT / folder).rglob("*")
    if p.suffix in (".yaml", ".md") and "README" not in p.name and not p.name.startswith(".")
)


def _yaml_part(path: Path) -> tuple[str, bool]:
    text = path.read_bytes().decode("utf-8-sig")
    markdown = path.suffix == ".md"
    return text, markdown


@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_example_and_fixture_file_round_trips_byte_for_byte(path: Path) -> None:
    text, markdown = _yaml_part(path)
    _, source, _ = roundtrip._front(text.replace("\r\n", "\n"), markdown)
    _, _, unedited = roundtrip._fitting(source)
    assert unedited == source  # ruamel.yaml, in the file's own layout, writes it back as it is
    assert roundtrip.apply(text, [], markdown)[0] == text


def _open_tiltak(data: dict[str, object]) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    for index, tiltak in enumerate(data.get("tiltak") or []):  # type: ignore[arg-type]
        if tiltak.get("status") in ("planlagt", "pagar"):
            found.append(("tiltak", index))
    for r, risk in enumerate(data.get("risikoer") or []):  # type: ignore[arg-type]
        if not isinstance(risk, dict):
            continue  # a process names its risks by reference
        for index, tiltak in enumerate(risk.get("tiltak") or []):
            if tiltak.get("status") in ("planlagt", "pagar"):
                found.append(("risikoer", r, "tiltak", index))
    return found


@pytest.mark.parametrize(
    "path", [p for p in REAL if p.is_relative_to(PROJECT / "records")], ids=lambda p: p.name
)
def test_completing_each_open_tiltak_changes_only_its_own_lines(path: Path) -> None:
    text, markdown = _yaml_part(path)
    document = roundtrip.yamlfile.split_front_matter(text) if markdown else None
    data = roundtrip.yamlfile.parse(document or roundtrip.yamlfile.Document(text))
    for at in _open_tiltak(data):
        changes = [
            SetValue(at, "status", "fullfort"),  # type: ignore[arg-type]
            SetValue(at, "fullfort", date(2026, 11, 20)),  # type: ignore[arg-type]
        ]
        after, _ = roundtrip.apply(text, changes, markdown)
        lines = changed_lines(text, after)
        removed = [line for line in lines if line.startswith("-")]
        added = [line for line in lines if line.startswith("+")]
        assert len(removed) == 1 and "status:" in removed[0], lines
        if "{" in removed[0]:  # a tiltak in flow style is one line
            assert added == [removed[0][:1].replace("-", "+") + _done(removed[0][1:])]
        else:
            assert [line[1:].strip() for line in added] == [
                "status: fullfort",
                "fullfort: 2026-11-20",
            ]


def _done(line: str) -> str:
    status = line.index("status: ") + len("status: ")
    end = min(i for i in (line.find(",", status), line.find("}", status)) if i >= 0)
    rest = line[end:]
    if rest.startswith("}"):
        return line[:status] + "fullfort, fullfort: 2026-11-20" + rest
    return line[:status] + "fullfort" + rest[:-1] + ", fullfort: 2026-11-20}"


WRAPPED = """id: AVV-2026-0001
tiltak:
  - {id: T1, beskrivelse: a, ansvarlig: liv.berg, frist: 2026-04-01, status: fullfort,
     fullfort: 2026-02-27}
  - id: T2
    beskrivelse: b
    ansvarlig: liv.berg
    frist: 2026-12-01
    status: pagar
status: under_behandling
"""


def test_a_layout_no_dump_reproduces_is_edited_around_or_refused() -> None:
    after, _ = roundtrip.apply(WRAPPED, [SetValue(("tiltak", 1), "status", "fullfort")], False)
    assert changed_lines(WRAPPED, after) == ["-    status: pagar", "+    status: fullfort"]
    with pytest.raises(UserError, match="rediger filen for hånd"):
        roundtrip.apply(WRAPPED, [SetValue(("tiltak", 0), "evaluering", "Virket")], False)


PLAIN = "id: AVV-2026-0001\ntittle: Hei  # sjekket\nstatus: meldt\n"


def test_a_renamed_key_keeps_its_place_and_comment_and_never_takes_another_s_name() -> None:
    after, _ = roundtrip.apply(PLAIN, [Rename((), "tittle", "tittel")], markdown=False)
    assert after == "id: AVV-2026-0001\ntittel: Hei  # sjekket\nstatus: meldt\n"
    with pytest.raises(UserError):
        roundtrip.apply(PLAIN, [Rename((), "tittle", "status")], markdown=False)


def test_values_written_as_yaml_reads_them() -> None:
    after, data = roundtrip.apply(
        PLAIN,
        [SetValue((), "lukket", None), SetValue((), "beskrivelse", "to\nlinjer")],
        markdown=False,
    )
    assert changed_lines(PLAIN, after) == [
        "+lukket: null",
        "+beskrivelse: |-",  # lines as lines in a block mapping; in {…} on one line, quoted
        "+  to",
        "+  linjer",
    ]
    assert (data["lukket"], data["beskrivelse"]) == (None, "to\nlinjer")
    flow, _ = roundtrip.apply("t: {a: 1}\n", [SetValue(("t",), "b", "to\nlinjer, og mer")], False)
    assert flow == 't: {a: 1, b: "to\\nlinjer, og mer"}\n'
    block, _ = roundtrip.apply(PLAIN, [SetValue((), "sted", "Porten, Solstrand")], False)
    assert changed_lines(PLAIN, block) == ["+sted: Porten, Solstrand"]  # no quotes needed here


def test_a_new_list_of_mappings_in_flow_or_in_blocks_as_asked() -> None:
    item = {"id": "T1", "frist": date(2027, 1, 1)}
    flow, _ = roundtrip.apply(PLAIN, [Append((), "tiltak", item)], markdown=False)
    assert changed_lines(PLAIN, flow) == ["+tiltak:", "+  - {id: T1, frist: 2027-01-01}"]
    block, _ = roundtrip.apply(PLAIN, [Append((), "tiltak", item, flow=False)], markdown=False)
    assert changed_lines(PLAIN, block) == ["+tiltak:", "+  - id: T1", "+    frist: 2027-01-01"]


def test_an_item_of_a_list_is_set_but_never_one_that_is_a_structure() -> None:
    text = "id: LG-2026-0001\ndeltakere: [kari.nordmann, Liv Berg]\n" + BLOCK.split("\n", 2)[2]
    after, data = roundtrip.apply(text, [SetValue(("deltakere",), 1, "liv.berg")], markdown=False)
    assert changed_lines(text, after) == [
        "-deltakere: [kari.nordmann, Liv Berg]",
        "+deltakere: [kari.nordmann, liv.berg]",
    ]
    assert data["deltakere"] == ["kari.nordmann", "liv.berg"]
    with pytest.raises(UserError):
        roundtrip.apply(text, [SetValue(("tiltak",), 0, "T1")], markdown=False)
    with pytest.raises(UserError):
        roundtrip.apply(text, [SetValue(("tittel",), 0, "x")], markdown=False)


# ------------------------------------------------------------------ comments after a list

NEW_TILTAK = {"beskrivelse": "En", "ansvarlig": "liv.berg", "frist": date(2027, 1, 10)}


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("tiltak: []\n# tiltak:\n#   - id: T1  # eksempel\n\nlukket: null\n", ()),
        ("id: X\ntiltak: []\n# til slutt\n", ()),
        (
            "risikoer:\n  - id: R1\n    tiltak: []\n    # tiltak:\n    #   - id: T1\n"
            "    # restrisiko: {sannsynlighet: 1, konsekvens: 1}\n",
            ("risikoer", 0),
        ),
    ],
)
def test_comments_after_an_empty_flow_list_survive_every_append(
    text: str, at: tuple[str | int, ...]
) -> None:
    """`tiltak: []` with the template's commented example after it becomes a block list; the
    comments then follow its last item, and must still do so after the next appends."""
    for number in range(1, 4):
        item = {"id": f"T{number}", **NEW_TILTAK}
        after, data = roundtrip.apply(text, [Append(at, "tiltak", item, flow=False)], False)
        assert comment_lines(after) == comment_lines(text)
        target: Any = data
        for part in at:
            target = target[part]
        assert [t["id"] for t in target["tiltak"]] == [f"T{n}" for n in range(1, number + 1)]
        lines = after.splitlines()
        comments = [i for i, line in enumerate(lines) if line.lstrip().startswith("#")]
        last = max(i for i, line in enumerate(lines) if line.strip() == f"- id: T{number}")
        assert comments[0] > last  # below the new tiltak, not inside the list before it
        text = after


def test_comments_after_a_list_of_flow_items_stay_below_a_key_added_after_it() -> None:
    """ruamel.yaml keeps them as the block list's end, not as its last item's comment."""
    text = (
        "tiltak:\n  - id: T1\n    status: pagar\n    fristendringer:\n"
        "      - {fra: 2026-12-01, til: 2027-01-10}\n\n    # flyttet to ganger\n\nlukket: null\n"
    )
    after, _ = roundtrip.apply(text, [SetValue(("tiltak", 0), "evaluering", "Virket")], False)
    assert after == text.replace("til: 2027-01-10}\n", "til: 2027-01-10}\n    evaluering: Virket\n")


TEMPLATE = """# Avvik meldt 2026-03-10.
id: AVV-2026-0001
tittel: x
beskrivelse: |
  <fyll inn> Hva skjedde?
meldt: 2026-03-10
deltakere: []
status: meldt           # meldt | under_behandling
tiltak: []
"""


def test_sync_puts_a_new_key_where_the_data_has_it_and_keeps_a_block_a_block() -> None:
    data = {
        "id": "AVV-2026-0001",
        "tittel": "x",
        "beskrivelse": "Første linje\n\nAndre linje",
        "meldt": date(2026, 3, 10),
        "deltakere": ["liv.berg", "ola.hansen"],
        "lovkrav": ["LOV-KL-25-1"],
        "status": "meldt",
    }
    after, parsed = roundtrip.apply(TEMPLATE, [roundtrip.Sync((), None, data)], markdown=False)
    assert after == (
        "# Avvik meldt 2026-03-10.\n"
        "id: AVV-2026-0001\n"
        "tittel: x\n"
        "beskrivelse: |-\n"
        "  Første linje\n"
        "\n"
        "  Andre linje\n"
        "meldt: 2026-03-10\n"
        "deltakere: [liv.berg, ola.hansen]\n"
        "lovkrav: [LOV-KL-25-1]\n"
        "status: meldt           # meldt | under_behandling\n"
    )
    assert parsed["beskrivelse"] == "Første linje\n\nAndre linje"


@pytest.mark.parametrize("text", ["slutter med mellomrom \nher ", " innrykk\nfør", "\nfør"])
def test_sync_writes_text_a_block_cannot_hold_double_quoted(text: str) -> None:
    data = {"id": "AVV-2026-0001", "beskrivelse": text}
    after, parsed = roundtrip.apply(TEMPLATE, [roundtrip.Sync((), None, data)], markdown=False)
    assert parsed["beskrivelse"] == text
    assert 'beskrivelse: "' in after
