"""Read one YAML or Markdown file strictly: every problem becomes a FileProblem with a place.

Bulk reading uses libyaml (CSafeLoader); positions of keys are worked out only for files that
have findings, so loading 100 000 valid records never pays for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ims_cli.characters import NOT_TEXT
from ims_cli.findings import KEY, Path
from ims_cli.store import files

MAX_DEPTH = 40  # records nest four or five levels; more is a mistake or an attack


class FileProblem(Exception):
    """A file that cannot be read as a record: code, Norwegian message, 1-based place."""

    def __init__(self, code: str, message: str, line: int | None = 1, column: int | None = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 with or without BOM; anything else is reported where it breaks."""
    if len(raw) > files.MAX_BYTES:
        raise FileProblem("Y005", files.too_large(len(raw)).message)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2].count(b"\0") == 1:
        raise FileProblem(
            "Y001", "filen er lagret som UTF-16; lagre den som UTF-8 i editoren (Lagre som …)"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        raise FileProblem(
            "Y001",
            f"byte 0x{byte:02X} er ikke gyldig UTF-8 (filen er trolig lagret som Windows-1252 "
            "eller Latin-1); lagre filen som UTF-8 i editoren",
            line,
            column,
        ) from None


@dataclass(frozen=True)
class Document:
    """The YAML part of a file and where it starts (Markdown front matter starts on line 2)."""

    yaml: str
    body: str | None = None
    line_offset: int = 0


def split_front_matter(text: str) -> Document:
    """Markdown: YAML between the first two '---' lines, then the body kept verbatim."""
    lines = text.split("\n")
    if lines[0].rstrip("\r") != "---":
        raise FileProblem(
            "Y008",
            "Markdown-posten må begynne med en linje '---', så YAML-feltene, så en ny linje '---'",
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r") in ("---", "..."):
            # The YAML keeps its last newline: it is the text between the two '---' lines.
            front = "".join(f"{yaml_line}\n" for yaml_line in lines[1:number])
            body = "\n".join(lines[number + 1 :])
            _check_body(body, number + 2)
            return Document(front, body, 1)
    raise FileProblem(
        "Y008", "front matter er ikke avsluttet: legg til en linje '---' etter YAML-feltene"
    )


def check_name(path: str) -> None:
    """A file name with a control character would reach terminals and CI logs as it is."""
    if _CONTROLS.search(path) or "\r" in path:
        raise FileProblem(
            "Y009", "filnavnet har et kontrolltegn; gi filen et navn uten slike tegn", None, None
        )


def _check_body(body: str, first_line: int) -> None:
    """The Markdown body is not YAML, so libyaml does not refuse control characters in it."""
    found = _CONTROLS.search(body)
    if found:
        offset = found.start()
        line = body.count("\n", 0, offset) + first_line
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        raise control_problem(found.group(), line, column)


def document_of(path: str, text: str) -> Document:
    """A record file's YAML: the front matter of a Markdown file, the whole text otherwise."""
    return split_front_matter(text) if path.endswith(".md") else Document(text)


_TAG = "tag:yaml.org,2002:"


class _Loader(yaml.CSafeLoader):
    """libyaml, with the tag of short plain scalars remembered across files.

    Keys, enum values, ids and dates repeat in every record; for a plain scalar the safe resolver's
    answer depends only on its text, so a dict lookup can stand in for the regular expressions.
    """

    _tags: dict[str, str] = {}  # noqa: RUF012  (shared on purpose)

    def descend_resolver(self, *_: object) -> None:
        """Path resolvers are not used; skip the bookkeeping libyaml asks for at every node."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is MappingNode:
            return _TAG + "map"
        if kind is SequenceNode:
            return _TAG + "seq"
        if implicit[0] and len(value) <= 40:
            tag = self._tags.get(value)
            if tag is None:
                tag = self._core(value, super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
                if len(self._tags) < 200_000:
                    self._tags[value] = tag
            return tag
        return self._core(value, super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]

    @staticmethod
    def _core(value: str, tag: str) -> str:
        """YAML 1.2's reading of a plain scalar where YAML 1.1 (PyYAML's) would surprise: `NO`,
        `yes` and `on` are text, not booleans; `12:30` is text, not 750; `010` is ten."""
        core = _CORE.get(tag)
        return tag if core is None or core.fullmatch(value) else _TAG + "str"


# The plain scalars YAML 1.2's core schema reads as booleans, integers and floats; what YAML 1.1
# reads as one of these but 1.2 does not stays text.
_CORE = {
    _TAG + "bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    _TAG + "int": re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
    _TAG + "float": re.compile(
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
    ),
}


# Python turns at most this many digits into a number, and a number into text (ValueError
# beyond): a longer one could be read from hex and then not be shown in any message.
_MAX_DIGITS = 4300
_TOO_LARGE = 10**_MAX_DIGITS


def _core_int(node: ScalarNode) -> int:
    text = node.value
    if len(text.lstrip("+-")) <= _MAX_DIGITS or text[:2] in ("0o", "0x"):
        number = int(text, 0) if text[:2] in ("0o", "0x") else int(text)
        if abs(number) < _TOO_LARGE:
            return number
    raise FileProblem(
        "Y002",
        f"tallet er for langt (over {_MAX_DIGITS} sifre); et tall i en post har noen få sifre. "
        "Sett verdien i anførselstegn om den er tekst",
        *_place(node),
    )


# Scalars by their resolved tag; libyaml composes in C and these convert the few types we allow.
_SAFE = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Any] = {
    _TAG + "int": _core_int,
    _TAG + "float": _SAFE.construct_yaml_float,
    _TAG + "bool": _SAFE.construct_yaml_bool,
    _TAG + "null": lambda node: None,
}


def _shown(tag: str) -> str:
    """A tag as it is written in the file: !!python/object, not tag:yaml.org,2002:python/…"""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _place(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _timestamp(node: ScalarNode) -> Any:
    """A date, or a date with a time, stays ISO text (the models parse it), so parsed data is
    plain and cheap to ship: 2026-02-30 too, which the schema reports with its field."""
    return node.value


# The keys whose place deadline findings give (frist of a tiltak, neste_evaluering of a ROS …).
PLACED_KEYS = frozenset(
    {
        "frist",
        "status",
        "dato",
        "neste_evaluering",
        "neste_revisjon",
        "godkjent",
        "aar",
        "lederdialog",
        "brudd",  # personvern: F006, F009
        "personskade",  # hms: F007
        "alvorlig_hendelse",  # pasientsikkerhet: F010
        "tilbakemelding",  # varsel: F012
        "evaluering",  # ovelse: F015
    }
)


class _Converter:
    """Node tree to plain data, refusing what records never need: duplicate keys, unknown tags,
    keys that are not text, escaped control characters and deep nesting (anchors and aliases are
    refused before: `_check_anchors`). Faster than PyYAML's generic constructor."""

    def __init__(self, line_offset: int, escapes: bool) -> None:
        # Without a '\' there is no escape, and libyaml refuses control characters written out.
        self.escapes = escapes
        self.line_offset = line_offset
        # Where the keys that deadlines point at stand (PLACED_KEYS), by path, as positions()
        # would give them: so `ims check` need not read a file again to say where a frist is.
        self.places: dict[Path, tuple[int, int]] = {}

    def value(self, node: Node, depth: int, path: Path = ()) -> Any:
        if depth > MAX_DEPTH:
            raise FileProblem(
                "Y002", f"YAML-strukturen er nøstet mer enn {MAX_DEPTH} nivåer dypt", *_place(node)
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if node.tag not in (_TAG + "seq", _TAG + "map"):
            raise FileProblem(
                "Y002",
                f"YAML-taggen {_shown(node.tag)} støttes ikke i poster; fjern taggen",
                *_place(node),
            )
        if isinstance(node, SequenceNode):
            return [self.value(item, depth + 1, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self.mapping(node, depth, path)

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _TAG + "str":
            if self.escapes and node.style == '"':
                _check_controls(node)
            return node.value
        if tag == _TAG + "timestamp":
            return _timestamp(node)
        if tag in _SCALARS:
            return _SCALARS[tag](node)
        raise FileProblem(
            "Y002", f"YAML-taggen {_shown(tag)} støttes ikke i poster; fjern taggen", *_place(node)
        )

    def mapping(self, node: MappingNode, depth: int, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise FileProblem(
                    "Y002",
                    "en nøkkel må være tekst, ikke en liste eller samling",
                    *_place(key_node),
                )
            key = self.value(key_node, depth + 1)
            if not isinstance(key, str):
                raise FileProblem(
                    "Y002",
                    f"nøkkelen «{key_node.value}» er ikke et feltnavn (YAML leser den som "
                    f"{_KINDS.get(type(key), 'noe annet enn tekst')}); skriv feltnavnet med "
                    "bokstaver",
                    *_place(key_node),
                )
            if key in result:
                raise FileProblem(
                    "Y003",
                    f"nøkkelen «{key_node.value}» står også på linje {lines[key]}; "
                    "slett eller slå sammen den ene",
                    *_place(key_node),
                )
            lines[key] = key_node.start_mark.line + 1 + self.line_offset  # as the file counts
            if key in PLACED_KEYS:
                mark = (value_node if isinstance(value_node, ScalarNode) else key_node).start_mark
                self.places[(*path, key)] = (mark.line + 1 + self.line_offset, mark.column + 1)
            result[key] = self.value(value_node, depth + 1, (*path, key))
        return result


_KINDS = {bool: "sann/usann", int: "et tall", float: "et tall", type(None): "tom"}
_CONTROLS = re.compile(f"[{NOT_TEXT}]")


def _check_controls(node: ScalarNode) -> None:
    """A control character written as an escape ("\\e", "\\x1b", "\\uFFFE") would reach
    terminals and XML."""
    found = _CONTROLS.search(node.value)
    if found:
        raise control_problem(found.group(), *_place(node))


def _check_written_out(document: Document) -> None:
    """libyaml refuses control characters written out, but lets noncharacters through."""
    text = document.yaml
    found = None if text.isascii() else _CONTROLS.search(text)
    if found:
        offset = found.start()
        line = text.count("\n", 0, offset) + 1 + document.line_offset
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise control_problem(found.group(), line, column)


def control_problem(character: str, line: int, column: int) -> FileProblem:
    code = f"U+{ord(character):04X}"
    if unicodedata.category(character) == "Cc":
        return FileProblem("Y010", f"teksten har kontrolltegnet {code}; fjern det", line, column)
    return FileProblem(
        "Y010",
        f"teksten har {code}, som ikke er et tegn (Unicode setter det av til intern bruk); "
        "fjern det",
        line,
        column,
    )


# libyaml's English problems, said in Norwegian with a hint; the original follows in brackets.
_PROBLEMS = {
    "mapping values are not allowed here": (
        "kolon på feil sted: sett tekst som inneholder «: » i anførselstegn, eller rett innrykket"
    ),
    "mapping values are not allowed in this context": (
        "kolon på feil sted: sett tekst som inneholder «: » i anførselstegn"
    ),
    "could not find expected ':'": "mangler kolon etter en nøkkel, eller en tekst over flere "
    "linjer mangler «|»",
    "did not find expected key": "innrykket er feil: linjen står ikke under riktig nøkkel",
    "did not find expected '-' indicator": "innrykket i listen er feil",
    "found character that cannot start any token": "tegnet kan ikke starte en verdi "
    "(for eksempel @ eller `); sett verdien i anførselstegn",
    "found unexpected end of stream": "filen slutter midt i en verdi; mangler et avsluttende "
    "anførselstegn eller en klammeparentes?",
    "expected a single document in the stream": "filen har flere YAML-dokumenter (skilt med "
    "---); en post skal ha ett",
    "did not find expected node content": "en verdi mangler",
    "found unknown escape character": "ukjent escape-tegn i tekst i doble anførselstegn; "
    "bruk enkle anførselstegn",
    "found undefined alias": "alias (*) er ikke tillatt i poster",
}


def _syntax_problem(error: yaml.MarkedYAMLError, document: Document) -> FileProblem:
    """Y002 where the problem starts, on a line of the file: libyaml marks where it gave up,
    which for a quote or a bracket never closed is the end of the text (line 32 of 31)."""
    problem = error.problem or str(error)
    mark = _start_of(error, document.yaml)
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        hint = "anførselstegnet her blir aldri lukket; legg til det avsluttende anførselstegnet"
    else:
        hint = _PROBLEMS.get(problem.split(" (")[0], "ugyldig YAML")
    if mark is None:
        return FileProblem("Y002", f"YAML-syntaksfeil: {hint} (libyaml: {problem})", None, None)
    line, column = _within(document.yaml, mark.line, mark.column)
    return FileProblem(
        "Y002",
        f"YAML-syntaksfeil: {hint} (libyaml: {problem})",
        line + document.line_offset,
        column,
    )


def _start_of(error: yaml.MarkedYAMLError, text: str) -> yaml.Mark | None:
    """The opening of what is never closed (a quote, a bracket) when libyaml ran to the end of
    the text looking for its end; otherwise where libyaml stopped."""
    problem, context = error.problem_mark, error.context_mark
    if context is None:
        return problem
    if problem is None or error.context == "while scanning a quoted scalar":
        return context
    return context if problem.index >= len(text.rstrip()) else problem


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A 0-based mark as a 1-based place on a line the text has: the end of the text (after
    its last line break) is the end of its last line."""
    lines = _LINE_BREAKS.split(text)  # as libyaml counts lines
    if lines[-1] == "" and len(lines) > 1:
        lines.pop()
    if line < len(lines):
        return line + 1, column + 1
    return len(lines), len(lines[-1]) + 1


_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _reader_problem(error: yaml.reader.ReaderError, document: Document) -> FileProblem:
    """A character YAML does not allow in a file: a control character (Y010)."""
    text, offset = document.yaml, error.position
    line = text.count("\n", 0, offset) + 1 + document.line_offset
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    character = error.character if isinstance(error.character, int) else 0
    return control_problem(chr(character), line, column)


def _check_anchors(text: str) -> None:
    """An anchor (&navn) is refused even when nothing refers to it (Y006)."""
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if getattr(event, "anchor", None) is not None and mark is not None:
            raise FileProblem(
                "Y006",
                "anker og alias (& og *) er ikke tillatt i poster; skriv verdien ut der den brukes",
                mark.line + 1,
                mark.column + 1,
            )


def _check_tabs(text: str, line_offset: int) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if line[indent : indent + 1] == "\t":
            raise FileProblem(
                "Y004",
                "tabulator i innrykket; YAML krever mellomrom (slå på «sett inn mellomrom» i "
                "editoren)",
                number + line_offset,
                indent + 1,
            )


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, line_offset: int) -> None:
    """libyaml composes recursively in C: deep flow nesting ([[[[…) would crash the process.

    Counting brackets is cheap; only a file with very many gets the (approximate) depth scan.
    """
    if text.count("[") + text.count("{") < 200:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            offset = match.start()
            line = text.count("\n", 0, offset) + 1 + line_offset
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            raise FileProblem(
                "Y002", f"YAML-strukturen er nøstet mer enn {MAX_DEPTH} nivåer dypt", line, column
            )


def parse(document: Document, places: dict[Path, tuple[int, int]] | None = None) -> dict[str, Any]:
    """The YAML part as plain data; a mapping at the top or a FileProblem. With `places`, the
    positions of PLACED_KEYS are filled in too."""
    _check_tabs(document.yaml, document.line_offset)
    _check_written_out(document)
    _check_flow_depth(document.yaml, document.line_offset)
    try:
        root = compose(document.yaml)
        if "&" in document.yaml:
            _check_anchors(document.yaml)
        converter = _Converter(document.line_offset, "\\" in document.yaml)
        data = None if root is None else converter.value(root, 0)
        if places is not None:
            places.update(converter.places)
    except FileProblem as problem:
        if problem.line is not None:
            problem.line += document.line_offset
        raise
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, document) from None
    except yaml.reader.ReaderError as error:
        raise _reader_problem(error, document) from None
    except yaml.YAMLError as error:
        raise FileProblem("Y002", f"YAML-syntaksfeil: {error}") from None
    except RecursionError:
        raise FileProblem("Y002", "YAML-strukturen er for dypt nøstet") from None
    if not isinstance(data, dict):
        found = "tom" if data is None else "ikke en samling nøkkel: verdi"
        raise FileProblem(
            "Y007", f"filen er {found}; en post er en samling av «nøkkel: verdi» på toppnivå"
        )
    return data


def compose(text: str) -> Node | None:
    """libyaml's node tree of a YAML text, with each node's exact place (marks with index)."""
    return yaml.compose(text, Loader=_Loader)


def positions(document: Document) -> dict[Path, tuple[int, int]]:
    """1-based line and column of every key and list item, by its path in the data.

    A scalar's position is that of its value (where a wrong value is); a nested mapping or list is
    placed at its key. (*path, KEY) is always the key.
    """
    root = compose(document.yaml)
    found: dict[Path, tuple[int, int]] = {(): (1 + document.line_offset, 1)}
    if root is None:
        return found
    for path, node in _walk(root, ()):
        mark = node.start_mark
        found[path] = (mark.line + 1 + document.line_offset, mark.column + 1)
    return found


def _walk(node: Node, path: Path) -> Iterator[tuple[Path, Node]]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            yield child, (value if isinstance(value, ScalarNode) else key)
            yield (*child, KEY), key
            yield from _walk(value, child)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            yield child, item
            yield from _walk(item, child)


def locate(table: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
    """The place of a path, or of its nearest ancestor that is in the file."""
    while path not in table:
        path = path[:-1]
    return table[path]
