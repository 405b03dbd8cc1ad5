"""Reading one file strictly: decoding, parsing, front matter and positions."""

from __future__ import annotations

import re
import string
import unicodedata
from datetime import date

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ims_cli.store import files
from ims_cli.store.load import discover
from ims_cli.store.yamlfile import (
    KEY,
    PLACED_KEYS,
    Document,
    FileProblem,
    decode,
    locate,
    parse,
    positions,
    split_front_matter,
)
from tests.conftest import PROJECT


def problem(text: str | bytes) -> tuple[str, int | None, int | None]:
    with pytest.raises(FileProblem) as caught:
        raw = text if isinstance(text, bytes) else text.encode()
        parse(Document(decode(raw)))
    return caught.value.code, caught.value.line, caught.value.column


def test_bom_and_crlf_read_as_plain_text() -> None:
    assert parse(Document(decode(b"\xef\xbb\xbfid: X\r\nmeldt: 2026-03-14\r\n"))) == {
        "id": "X",
        "meldt": "2026-03-14",  # dates stay ISO text; the models parse them
    }


def test_latin1_is_reported_at_the_byte() -> None:
    assert problem(b"a: 1\nb: bl\xe5\n") == ("Y001", 2, 6)


def test_duplicate_key_points_at_the_second() -> None:
    assert problem("a: 1\nb:\n  c: 1\n  c: 2\n") == ("Y003", 4, 3)


def test_tab_in_indentation() -> None:
    assert problem("a:\n \tb: 1\n") == ("Y004", 2, 2)


def test_tab_inside_a_value_is_fine() -> None:
    assert parse(Document('a: "x\ty"\n')) == {"a": "x\ty"}


@pytest.mark.parametrize("text", ["", "# bare kommentar\n", "- a\n", "tekst\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    assert problem(text)[0] == "Y007"


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert problem("\n".join(lines))[0] == "Y006"


def test_impossible_date_is_left_as_text_for_the_schema() -> None:
    assert parse(Document("d: 2026-02-30\n")) == {"d": "2026-02-30"}


@pytest.mark.parametrize("depth", [41, 5000, 900_000])
def test_deep_nesting_is_a_problem_not_a_crash(depth: int) -> None:
    # 900 000 brackets used to crash libyaml's recursive composer (a segfault, not an error).
    assert problem("a: " + "[" * depth + "]" * depth + "\n") == ("Y002", 1, 44)


def test_nesting_within_the_limit_is_fine() -> None:
    assert parse(Document("a: " + "[" * 40 + "]" * 40 + "\n"))["a"] is not None


def test_front_matter_body_is_kept_verbatim_with_crlf() -> None:
    text = "---\r\nid: PRO-1\r\n---\r\n# Formål\r\n\r\nTekst\r\n"
    document = split_front_matter(text)
    assert parse(document) == {"id": "PRO-1"}
    assert document.body == "# Formål\r\n\r\nTekst\r\n"
    assert document.line_offset == 1


def test_positions_in_front_matter_count_the_opening_line() -> None:
    document = split_front_matter("---\nid: PRO-1\nversjon: 2\n---\n")
    table = positions(document)
    assert table[("versjon",)] == (3, 10)
    assert table[("versjon", KEY)] == (3, 1)


def test_positions_of_flow_and_block_items() -> None:
    table = positions(Document("tiltak:\n  - {id: T1, frist: 2026-01-01}\n  - id: T2\n"))
    assert table[("tiltak", 0, "frist")] == (2, 21)
    assert table[("tiltak", 1)] == (3, 5)
    assert table[("tiltak",)] == (1, 1)


keys = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)
scalars = st.one_of(
    st.text(alphabet=string.ascii_letters + "æøåÆØÅ .,:-#'\"", max_size=30),
    st.integers(-10_000, 10_000),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
records = st.dictionaries(keys, st.one_of(scalars, st.lists(scalars, max_size=4)), min_size=1)


def _iso(value: object) -> object:
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


@given(records)
def test_any_dumped_mapping_parses_back_to_itself(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert parse(Document(text)) == {key: _iso(value) for key, value in data.items()}


@given(records)
def test_every_top_level_key_is_located_on_its_own_line(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    table = positions(Document(text))
    lines = text.split("\n")
    for key in data:
        line, column = table[(key, KEY)]
        assert column == 1
        assert lines[line - 1].startswith(f"{key}:") or lines[line - 1].startswith(f"'{key}':")


@given(st.text(alphabet=string.printable.strip("\x0b\x0c") + "æøå\u2028", max_size=200))
def test_markdown_body_survives_any_text(body: str) -> None:
    document = split_front_matter(f"---\nid: PRO-1\n---\n{body}")
    assert document.body == body


@given(st.text(alphabet="ab\n", max_size=20), st.sampled_from("\x1b\x07\x08\x0c\x7f\x9b"))
def test_a_control_character_in_a_markdown_body_is_refused_where_it_stands(
    before: str, control: str
) -> None:
    with pytest.raises(FileProblem) as raised:
        split_front_matter(f"---\nid: PRO-1\n---\n{before}{control}")
    lines = before.split("\n")
    assert (raised.value.code, raised.value.line, raised.value.column) == (
        "Y010",
        3 + len(lines),
        len(lines[-1]) + 1,
    )


def test_places_kept_while_loading_agree_with_positions() -> None:
    checked = 0
    for path in discover(PROJECT):
        text = decode((PROJECT / path).read_bytes())
        document = split_front_matter(text) if path.endswith(".md") else Document(text)
        places: dict[tuple[str | int, ...], tuple[int, int]] = {}
        parse(document, places)
        table = positions(document)
        for where, place in places.items():
            assert where[-1] in PLACED_KEYS
            assert table[where] == place, (path, where)
            checked += 1
    assert checked > 300


def front(yaml_text: str) -> tuple[str, int | None, int | None, str]:
    """A problem in a Markdown file's front matter: counted from the file's first line."""
    with pytest.raises(FileProblem) as caught:
        parse(split_front_matter(f"---\n{yaml_text}---\n# Formål\n"))
    found = caught.value
    return found.code, found.line, found.column, found.message


@pytest.mark.parametrize(
    ("yaml_text", "place"),
    [
        ("id: PRO-1\ntittel: [uavsluttet\n", ("Y002", 3, 9)),  # a syntax error, where it starts
        ("id: PRO-1\n\ttittel: x\n", ("Y004", 3, 1)),  # a tab
        ("id: PRO-1\nid: PRO-2\n", ("Y003", 3, 1)),  # a key twice
        ("id: PRO-1\ntittel: \x07\n", ("Y010", 3, 9)),  # a control character
        ("id: PRO-1\na: " + "[" * 300 + "]" * 300 + "\n", ("Y002", 3, 44)),  # nested too deep
    ],
)
def test_a_problem_in_front_matter_is_placed_in_the_file(
    yaml_text: str, place: tuple[str, int, int]
) -> None:
    assert front(yaml_text)[:3] == place


def test_a_key_twice_names_the_line_of_the_first() -> None:
    assert front("id: PRO-1\nversjon: 1\nversjon: 2\n")[3] == (
        "nøkkelen «versjon» står også på linje 3; slett eller slå sammen den ene"
    )


def test_the_whole_record_is_placed_at_its_first_line() -> None:
    assert positions(split_front_matter("---\nid: PRO-1\n---\n"))[()] == (2, 1)
    assert positions(Document("id: X\n"))[()] == (1, 1)


def test_a_tag_is_named_as_written() -> None:
    message = problem_message("a: !!python/object:os.system ls\n")
    assert message == "YAML-taggen !!python/object:os.system støttes ikke i poster; fjern taggen"
    assert problem_message("a: !lokal x\n").startswith("YAML-taggen !lokal støttes ikke")


def problem_message(text: str) -> str:
    with pytest.raises(FileProblem) as caught:
        parse(Document(text))
    return caught.value.message


@pytest.mark.parametrize(("text", "said"), [("", "tom"), ("- a\n", "ikke en samling")])
def test_a_file_that_is_no_mapping_says_what_it_is(text: str, said: str) -> None:
    assert problem_message(text).startswith(f"filen er {said}")


def test_hex_numbers_are_numbers_and_a_leading_zero_is_no_octal() -> None:
    assert parse(Document("a: 0x1F\nc: 010\n")) == {"a": 31, "c": 10}


def test_an_escaped_control_character_is_refused_where_it_stands() -> None:
    assert problem('id: X\ntittel: "a\\x1bb"\n')[:1] == ("Y010",)
    assert parse(Document("tittel: 'a\\x1bb'\n")) == {"tittel": "a\\x1bb"}  # no escape in ''


def test_a_file_beginning_with_a_line_break_is_placed_from_the_first_line() -> None:
    assert problem(b"\na: 1\nb: bl\xe5\n") == ("Y001", 3, 6)
    assert problem(b"\nbl\xe5: 1\n") == ("Y001", 2, 3)
    assert problem("\ntittel: \x07\n") == ("Y010", 2, 9)
    assert problem("\na: " + "[" * 300 + "]" * 300 + "\n") == ("Y002", 2, 44)


@pytest.mark.parametrize("raw", ["id: X\n".encode("utf-16-le"), "id: X\n".encode("utf-16-be")])
def test_utf_16_without_a_byte_order_mark_is_told(raw: bytes) -> None:
    assert problem(raw)[0] == "Y001"
    with pytest.raises(FileProblem) as caught:
        decode(raw)
    assert "UTF-16" in caught.value.message


def test_a_file_of_exactly_the_largest_size_is_read() -> None:
    raw = b"id: X\n# " + b"x" * (files.MAX_BYTES - 9) + b"\n"
    assert len(raw) == files.MAX_BYTES
    assert parse(Document(decode(raw))) == {"id": "X"}
    assert problem(raw + b"\n")[0] == "Y005"


def test_a_place_not_in_the_file_is_its_nearest_parent() -> None:
    table = positions(Document("a:\n  b:\n    c: 1\n"))
    assert locate(table, ("a", "b", "borte")) == table[("a", "b")] == (2, 3)


def test_a_quoted_number_stays_text_beside_the_same_number_plain() -> None:
    assert parse(Document("a: 10\nb: '10'\nc: \"10\"\nd: 10\n")) == {
        "a": 10,
        "b": "10",
        "c": "10",
        "d": 10,
    }
    long = "1" * 41  # longer than what the tag cache remembers
    assert parse(Document(f"a: {long}\nb: '{long}'\n")) == {"a": int(long), "b": long}


def test_nested_mappings_and_many_brackets_count_each_level_once() -> None:
    many = "b: [" + ", ".join(["[1]"] * 150) + "]\n"  # 151 brackets at two levels
    within = "a: " + "[" * 38 + "{k: 1}" + "]" * 38 + "\n"  # k on the 40th level
    assert parse(Document(within + many))["a"] is not None
    assert problem("a: " + "{b: " * 5000 + "1" + "}" * 5000 + "\n") == ("Y002", 1, 3 + 40 * 4 + 1)
    closed = "b: [" + "[], " * 150 + "[]]\n"  # brackets closed again count for nothing
    assert problem(closed + "a: " + "[" * 5000 + "]" * 5000 + "\n") == ("Y002", 2, 44)


def test_a_control_character_is_named() -> None:
    with pytest.raises(FileProblem) as caught:
        parse(Document("tittel: a\x07b\n"))
    assert caught.value.message == "teksten har kontrolltegnet U+0007; fjern det"


# What XML 1.0 and terminals cannot take, written as YAML escapes: libyaml unescapes them all.
FORBIDDEN_ESCAPES = [
    ("\\uFFFE", 0xFFFE),  # noncharacters: not well-formed in XML (lxml, junitparser refuse it)
    ("\\uFFFF", 0xFFFF),
    ("\\uFDD0", 0xFDD0),
    ("\\U0001FFFE", 0x1FFFE),
    ("\\U0010FFFF", 0x10FFFF),
    ("\\x9b", 0x9B),  # C1: a terminal's control sequence introducer
    ("\\e", 0x1B),
    ("\\0", 0x00),
]


@pytest.mark.parametrize(("escape", "character"), FORBIDDEN_ESCAPES)
def test_a_forbidden_character_written_as_an_escape_is_y010_at_its_value(
    escape: str, character: int
) -> None:
    text = f'id: X\ntiltak:\n  - ansvarlig: "eva{escape}x"\n'
    assert problem(text) == ("Y010", 3, 16)
    assert f"U+{character:04X}" in problem_message(text)


@pytest.mark.parametrize("character", ["\ufdd0", "\U0001fffe", "\U0010ffff", "\ufffe"])
def test_a_noncharacter_written_out_is_y010_where_it_stands(character: str) -> None:
    assert problem(f"id: X\ntittel: ab{character}\n") == ("Y010", 2, 11)
    assert problem_message(f"id: X\ntittel: ab{character}\n") == (
        f"teksten har U+{ord(character):04X}, som ikke er et tegn (Unicode setter det av til "
        "intern bruk); fjern det"
    )


def test_a_noncharacter_in_a_markdown_body_is_y010() -> None:
    with pytest.raises(FileProblem) as raised:
        split_front_matter("---\nid: PRO-1\n---\n# Formål\nab\uffffc\n")
    assert (raised.value.code, raised.value.line, raised.value.column) == ("Y010", 5, 3)


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\r", "\\N", "\\L", "\\u00e6", "\\uFFFD"])
def test_tabs_line_breaks_and_letters_written_as_escapes_are_text(escape: str) -> None:
    """What the round trip writes for a value with a line break stays readable."""
    value = parse(Document(f'tittel: "a{escape}b"\n'))["tittel"]
    assert value == yaml.safe_load(f'"a{escape}b"')


def _forbidden() -> list[int]:
    """Controls by Unicode's own category, and the 66 noncharacters by their definition."""
    controls = [c for c in range(0x100) if unicodedata.category(chr(c)) == "Cc"]
    noncharacters = [
        *range(0xFDD0, 0xFDF0),
        *(p << 16 | low for p in range(17) for low in (0xFFFE, 0xFFFF)),
    ]
    return [c for c in controls + noncharacters if chr(c) not in "\t\n\r\x85"]


def test_every_control_and_noncharacter_escaped_is_refused() -> None:
    """Tab and the line breaks YAML knows (LF, CR, NEL) are text; every other one is Y010."""
    refused = [c for c in _forbidden() if problem(f'a: "x\\U{c:08X}"\n')[0] == "Y010"]
    assert len(refused) == len(_forbidden()) == 61 + 66


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    """Not at the end of the file, where libyaml gave up (32:1 in a 31-line file)."""
    lines = [f"felt{n}: verdi {n}" for n in range(1, 32)]
    lines[4] = 'tittel: "Fall på badet'
    found = problem("\n".join(lines) + "\n")
    assert found == ("Y002", 5, 9)
    assert problem_message("\n".join(lines) + "\n").startswith(
        "YAML-syntaksfeil: anførselstegnet her blir aldri lukket; "
    )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("a: 1\nb: 'abc\nc: 2\n", (2, 4)),  # a single quote
        ("a: {x: 1\n", (1, 4)),  # a flow mapping never closed
        ("a: [1,\n  2\n", (1, 4)),
        ('a: "x\\qy"\n', (1, 6)),  # an unknown escape: at the escape
        ("a: 1\n b: 2\n", (2, 3)),  # a colon where none may stand: at the colon
    ],
)
def test_a_syntax_error_is_placed_where_it_starts(text: str, place: tuple[int, int]) -> None:
    assert problem(text) == ("Y002", *place)


def _lines_of(text: str) -> int:
    """Lines as YAML counts them: CR, CRLF and NEL break lines too."""
    lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", text)
    return len(lines) - (1 if lines[-1] == "" and len(lines) > 1 else 0)


@given(st.text(alphabet="ab: -\n\r\x85\"'[]{},#|>&*!?%@`\t\\", max_size=60))
def test_any_syntax_error_is_placed_on_a_line_of_the_file(text: str) -> None:
    try:
        parse(Document(text))
    except FileProblem as found:
        if found.code == "Y002":
            assert found.line is not None and found.column is not None
            assert 1 <= found.line <= _lines_of(text), (text, found.line)
            assert found.column >= 1


@given(st.text(alphabet="ab: -\n\"'[]{},#|>", max_size=40))
def test_any_syntax_error_in_front_matter_is_placed_on_a_line_of_its_yaml(text: str) -> None:
    yaml_text = text if text.endswith("\n") or not text else text + "\n"
    try:
        parse(split_front_matter(f"---\n{yaml_text}---\n# Formål\n"))
    except FileProblem as found:
        if found.code == "Y002":
            assert found.line is not None
            assert 2 <= found.line <= 1 + max(_lines_of(yaml_text), 1), (text, found.line)


@pytest.mark.parametrize(
    "number",
    ["9" * 5000, "-" + "9" * 4301, "0x" + "f" * 5000, "0x" + "f" * 3600],
)
def test_a_number_too_long_to_read_is_y002_at_its_place(number: str) -> None:
    """Python refuses to turn more than 4300 digits into a number (or back into text)."""
    assert problem(f"id: X\nalvorlighet: {number}\n") == ("Y002", 2, 14)
    assert problem_message(f"id: X\nalvorlighet: {number}\n") == (
        "tallet er for langt (over 4300 sifre); et tall i en post har noen få sifre. Sett "
        "verdien i anførselstegn om den er tekst"
    )


def test_a_long_number_within_the_limit_is_read() -> None:
    assert parse(Document(f"a: {'9' * 4300}\n"))["a"] == int("9" * 4300)
