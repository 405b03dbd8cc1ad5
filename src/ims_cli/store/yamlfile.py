"""Read one YAML or Markdown file strictly: every problem becomes a FileProblem with a place.

Bulk reading uses libyaml (CSafeLoader); positions of keys are worked out only for files that
have findings, so loading 100 000 valid records never pays for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ims_cli.findings import Path

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40  # records nest four or five levels; more is a mistake or an attack
# Appended to a path, it names the key itself rather than its value: (…, "tittel", KEY).
KEY = "\0key"


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
    if len(raw) > MAX_BYTES:
        raise FileProblem(
            "Y005",
            f"filen er {len(raw) // 1024} KiB; en post kan være høyst {MAX_BYTES // 1024} KiB. "
            "Del den opp eller flytt vedlegg ut av posten",
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
            return Document("\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), 1)
    raise FileProblem(
        "Y008", "front matter er ikke avsluttet: legg til en linje '---' etter YAML-feltene"
    )


class _StrictLoader(yaml.CSafeLoader):
    """libyaml with duplicate keys and aliases refused, and impossible dates left as text."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise FileProblem(
                "Y006",
                "anker og alias (& og *) er ikke tillatt i poster; skriv verdien ut der den brukes",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.value in seen:
                    raise FileProblem(
                        "Y003",
                        f"nøkkelen «{key_node.value}» står også på linje {seen[key_node.value]}; "
                        "slett eller slå sammen den ene",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                seen[key_node.value] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return node.value  # 2026-02-30: the schema reports it with its field


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)

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


def _syntax_problem(error: yaml.MarkedYAMLError, line_offset: int) -> FileProblem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or str(error)
    hint = _PROBLEMS.get(problem.split(" (")[0], "ugyldig YAML")
    line = mark.line + 1 + line_offset if mark else None
    column = mark.column + 1 if mark else None
    return FileProblem("Y002", f"YAML-syntaksfeil: {hint} (libyaml: {problem})", line, column)


def _check_tabs(text: str, line_offset: int) -> None:
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


def parse(document: Document) -> dict[str, Any]:
    """The YAML part as plain data; a mapping at the top or a FileProblem."""
    _check_tabs(document.yaml, document.line_offset)
    try:
        data = yaml.load(document.yaml, Loader=_StrictLoader)
    except FileProblem as problem:
        if problem.line is not None:
            problem.line += document.line_offset
        raise
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, document.line_offset) from None
    except yaml.YAMLError as error:
        raise FileProblem("Y002", f"YAML-syntaksfeil: {error}") from None
    except RecursionError:
        raise FileProblem("Y002", "YAML-strukturen er for dypt nøstet") from None
    if _depth_exceeds(data, MAX_DEPTH):
        raise FileProblem("Y002", f"YAML-strukturen er nøstet mer enn {MAX_DEPTH} nivåer dypt")
    if not isinstance(data, dict):
        found = "tom" if data is None else "ikke en samling nøkkel: verdi"
        raise FileProblem(
            "Y007", f"filen er {found}; en post er en samling av «nøkkel: verdi» på toppnivå"
        )
    return data


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Without recursion, so a hostile file cannot exhaust the stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def positions(document: Document) -> dict[Path, tuple[int, int]]:
    """1-based line and column of every key and list item, by its path in the data.

    A scalar's position is that of its value (where a wrong value is); a nested mapping or list is
    placed at its key. (*path, KEY) is always the key.
    """
    root = yaml.compose(document.yaml, Loader=yaml.CSafeLoader)
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
