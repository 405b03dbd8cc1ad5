"""Anything at all into the loader and the editor: no exception but a finding or a refusal, and
nothing written that does not parse back to exactly the intended data."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ims_cli.errors import UserError
from ims_cli.models.vocabulary import DEFAULT
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store import roundtrip as edit
from ims_cli.store import yamlfile
from ims_cli.store.load import read_file

# Pieces YAML gives meaning to, so generated text reaches the parser's corners.
PIECES = st.sampled_from(
    [
        "id: AVV-2026-0001\n", "tittel: ", "tiltak:\n", "  - ", "{", "}", "[", "]", ": ", "- ",
        "&a ", "*a", "!!python/object:os.system ", "!tag ", "? ", "|\n", ">-\n", "'", '"', "#",
        "\\e", "\\x1b", "\\u0000", "\t", "\r\n", "\r", "\n", "\x00", "\x1b", "\ufeff", "\u2028",
        "---\n", "...\n", "yes", "NO", "010", "12:30", "9999-12-31", "2026-02-30", "~", "1: ",
        "  ", "æøå", "01019000083",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_give_a_result_or_findings(raw: bytes) -> None:
    for path in ("records/AVV-2026-0001.yaml", "records/prosesser/1-x.md"):
        result = read_file(path, raw, VALIDATOR, vocabulary=DEFAULT)
        assert result.model is not None or result.findings or not result.parsed


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("id: AVV-2026-0001\n\r\n  - ")  # an id folded over lines: «AVV-2026-0001↵-»
@example("id: AVV-2026-0001\nmeldt: 2026-01-01\n\n  x")
def test_any_yaml_like_text_gives_a_result_or_findings(text: str) -> None:
    for path in ("records/AVV-2026-0001.yaml", "records/prosesser/1-x.md"):
        result = read_file(
            path, text.encode("utf-8", "surrogatepass"), VALIDATOR, vocabulary=DEFAULT
        )
        for finding in result.findings:
            assert finding.message and "\n" not in finding.message


RECORD = (
    "id: AVV-2026-0001\ntype: avvik\ntittel: {tittel}\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
    "kategori: hms\nstatus: meldt\ntiltak:\n  - id: T1\n    beskrivelse: x\n"
    "    ansvarlig: liv.berg\n    frist: 2026-04-01\n    status: pagar\n"
)
# What a user may type as a value: any text, quotes, colons, hashes, brackets, line breaks.
VALUES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
)


@settings(max_examples=300)
@example("0\n", "\n", False, "Fall")  # a literal block that ends a file without a last line break
@given(
    VALUES,
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.sampled_from(["Fall", "'Fall: på badet'", '"Fall # 2"']),
)
def test_an_edit_writes_what_was_meant_or_nothing(
    value: str, newline: str, final: bool, title: str
) -> None:
    text = RECORD.format(tittel=title).replace("\n", newline)
    text = text if final else text.removesuffix(newline)
    changes: list[edit.Change] = [
        edit.SetValue(("tiltak", 0), "evaluering", value),
        edit.Append(("tiltak", 0), "fristendringer", {"begrunnelse": value, "til": "2026-05-01"}),
        edit.SetValue((), "beskrivelse", value),
    ]
    try:
        edited, data = edit.apply(text, changes, markdown=False)
    except UserError:
        return  # refused, with a reason: nothing is written
    again = yamlfile.parse(yamlfile.Document(edited))
    assert again == data
    assert again["beskrivelse"] == value and again["tiltak"][0]["evaluering"] == value
    assert again["tiltak"][0]["fristendringer"] == [{"begrunnelse": value, "til": "2026-05-01"}]
    if final or not edited.endswith(newline):
        assert edited.endswith(newline) is final
    else:  # a file without a last line break gets one only where its last text needs it
        assert yamlfile.parse(yamlfile.Document(edited.removesuffix(newline))) != data
    if newline != "\n":
        assert "\n" not in edited.replace("\r\n", "") if newline == "\r\n" else "\n" not in edited
