"""Pydantic's validation errors as Norwegian findings that say what to write instead."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, Field, ValidationError, create_model
from pydantic_core import ErrorDetails

from ims_cli.analytics.units import person_named
from ims_cli.codes import severity
from ims_cli.confidentiality import HIDDEN, grade_in, graded
from ims_cli.findings import KEY, Finding, Fix, Path
from ims_cli.kinds import KINDS
from ims_cli.models.vocabulary import DEFAULT, Listed, SubCategory, Vocabulary
from ims_cli.store.load import Places, Salvaged, Validator

_TYPES = {
    "int_type": "et heltall",
    "int_from_float": "et heltall",
    "float_type": "et tall",
    "string_type": "tekst",
    "bool_type": "true eller false",
    "list_type": "en liste",
    "dict_type": "en samling nøkkel: verdi",
    "model_type": "en samling nøkkel: verdi",
    "model_attributes_type": "en samling nøkkel: verdi",
}
# What a well-formed value looks like, by a piece of the pattern it failed: first a reference
# into a record, then a record's own id (by its kind's prefix, kinds), then the rest.
_REFERENCES = {
    "^ROS-[0-9]{4}-[0-9]{4,}/": "ROS-2026-0007/R3",
    "^[A-Z]+-[0-9]{4}-[0-9]{4,}/": "ROS-2026-0004/T1",
}
_EXAMPLES = {
    "A-ZÆØÅ": "OPP-SOLSTRAND (store bokstaver og bindestrek)",
    # said without a name: the repository's own people are not known here
    "a-z0-9æøå": "en person-id fra organisasjon.yaml (små bokstaver, uten mellomrom, som "
    "fornavn.etternavn)",
    "(-[12]|-T[123])": "2026, 2026-1 (halvår) eller 2026-T2 (tertial)",
    "A-Za-z0-9": "T1 (bokstaver, tall, punktum, bindestrek)",
    "[a-z][a-z0-9]*(_": "tjenestekvalitet (små bokstaver a–z, tall og understrek; æ→ae, ø→o, å→a)",
}


def _example(pattern: str) -> str | None:
    """A well-formed value for a pattern, never the pattern itself."""
    found = next((ex for key, ex in _REFERENCES.items() if pattern.startswith(key)), None)
    kind = next((k for k in KINDS if pattern.startswith(f"^{k.prefix}-")), None)
    if found is None and kind is not None:
        found = kind.example
    return found or next((ex for key, ex in _EXAMPLES.items() if key in pattern), None)


def _fold(key: str) -> str:
    return key.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")


def meant_key(key: str, allowed: Iterable[str]) -> str | None:
    """The known key a misspelt or non-ASCII one most likely means, if any is close."""
    allowed = list(allowed)
    folded = _fold(key)
    if folded in allowed:
        return folded
    close = difflib.get_close_matches(folded, allowed, n=1, cutoff=0.7)
    return close[0] if close else None


def suggest(key: str, allowed: Iterable[str]) -> str:
    """' – mente du «x»?' for a misspelt or non-ASCII key, or ''."""
    meant = meant_key(key, allowed)
    if meant is None:
        return ""
    if meant == _fold(key):
        return f"; feltnavn skrives uten æ, ø og å: «{meant}»"
    return f" – mente du «{meant}»?"


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    """The model class inside Optional[...], list[...] or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found:
                return found
    return None


def model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model that describes the mapping found at a data path."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, str):
            field = current.model_fields.get(part)
            current = _unwrap(field.annotation) if field else None
    return current


def data_path(data: Any, loc: tuple[int | str, ...], error_type: str) -> tuple[Path, str | None]:
    """Pydantic's loc as a path into the data, dropping union branch tags ('int', 'dict[…]').

    Returns the path and, for a missing field, the field's name (which is not in the data).
    """
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
        elif error_type == "missing" and index == len(loc) - 1:
            return tuple(path), str(part)
    return tuple(path), None


def sub_ref(record_id: str | None, data: Any, path: Path) -> str | None:
    """'ROS-2026-0007/R3' when the path passes through a list item with an id."""
    if not record_id:
        return None
    ref = record_id
    current = data
    for part in path:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(current, dict) and "id" in current:
            ref = f"{record_id}/{current['id']}"
    return ref


def _value(value: Any) -> str:
    """The value as the file has it: YAML's true and false, not Python's True and False."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _missing(field: str, owner: type[BaseModel] | None, vocabulary: Vocabulary, data: Any) -> str:
    allowed = _choices(owner, field, vocabulary, data)
    if allowed:
        return f"påkrevd felt «{field}» mangler; legg det til med en av: {', '.join(allowed)}"
    return f"påkrevd felt «{field}» mangler; legg det til"


def _choices(
    owner: type[BaseModel] | None, field: str, vocabulary: Vocabulary, near: Any
) -> list[str]:
    """The values a field may have, when it has a fixed set (a Literal, or a list in ims.yaml;
    `near` is the mapping the field belongs in)."""
    info = owner.model_fields.get(field) if owner else None
    if info is None:
        return []
    for item in info.metadata:
        if isinstance(item, Listed):
            return list(vocabulary.allowed(item.name))
        if isinstance(item, SubCategory) and isinstance(near, dict):
            return list(vocabulary.sub_categories(str(near.get("kategori"))))
    annotation = info.annotation
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return [str(v) for v in typing.get_args(arg)]
    return []


def _unknown(field: str, _: ErrorDetails, model: type[BaseModel] | None) -> str:
    return f"ukjent felt «{field}»{suggest(field, model.model_fields if model else ())}"


def _date(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    return f"«{field}»: {error['msg']}"


def _literal(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " eller ")
    expected = expected.replace("'", "")  # pydantic quotes them as Python does
    value = _value(error.get("input"))
    return f"«{value}» er ikke gyldig i «{field}»; gyldige verdier: {expected}"


def _pattern(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    pattern = str(error.get("ctx", {}).get("pattern", ""))
    example = _example(pattern)
    hint = f"; skriv for eksempel {example}" if example else ""  # never the pattern itself
    return f"«{_value(error.get('input'))}» har feil form for «{field}»{hint}"


def _wrong_type(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    wanted, value = _TYPES[error["type"]], error.get("input")
    if value is None:
        return f"«{field}» mangler verdi; skriv {wanted}"
    hint = "; sett verdien i anførselstegn" if error["type"] == "string_type" else ""
    return f"«{field}» må være {wanted}, ikke «{_value(value)}»{hint}"


def _bound(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    ctx, value = error.get("ctx", {}), error.get("input")
    if error["type"].startswith("greater"):
        return f"«{field}» må være minst {ctx.get('ge', ctx.get('gt'))}, ikke {value}"
    return f"«{field}» kan være høyst {ctx.get('le', ctx.get('lt'))}, ikke {value}"


def _finite(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    value = _value(error.get("input"))
    return (
        f"«{field}» må være et endelig tall, ikke «{value}» (uendelig eller «ikke et tall» kan "
        "ikke måles mot et mål); skriv tallet, for eksempel 4.2"
    )


def _length(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    ctx = error.get("ctx", {})
    unit = "tegn" if error["type"].startswith("string") else "element"
    if error["type"].endswith("too_long"):
        return f"«{field}» kan ha høyst {ctx.get('max_length')} {unit}"
    if ctx.get("min_length") == 1:
        return f"«{field}» kan ikke være tom"
    return f"«{field}» må ha minst {ctx.get('min_length')} {unit}"


def _other(field: str, error: ErrorDetails, _: type[BaseModel] | None) -> str:
    return f"«{field}»: {error['msg']}"


def _said(_: str, error: ErrorDetails, __: type[BaseModel] | None) -> str:
    """A message ims made whole (a value not in ims.yaml's list, models.vocabulary)."""
    return error["msg"]


Explain = Callable[[str, ErrorDetails, type[BaseModel] | None], str]
# pydantic error type -> (rule code, how to say it in Norwegian)
_MESSAGES: dict[str, tuple[str, Explain]] = {
    "missing": ("S001", _other),  # said by _missing, which knows the vocabulary
    "ims_verdi": ("S003", _said),
    "extra_forbidden": ("S002", _unknown),
    "ims_dato": ("S004", _date),
    "literal_error": ("S003", _literal),
    "string_pattern_mismatch": ("S003", _pattern),
    **{kind: ("S003", _wrong_type) for kind in _TYPES},
    **{kind: ("S003", _bound) for kind in ("greater_than_equal", "greater_than")},
    **{kind: ("S003", _bound) for kind in ("less_than_equal", "less_than")},
    "finite_number": ("S003", _finite),
    **{kind: ("S003", _length) for kind in ("too_short", "string_too_short")},
    **{kind: ("S003", _length) for kind in ("too_long", "string_too_long")},
}


_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _message(
    error: ErrorDetails, field: str, model: type[BaseModel] | None, hidden: bool
) -> tuple[str, str]:
    """(code, message) for one pydantic error, on one line: a line break in the value (a plain
    scalar folded over lines) is shown as ↵. With `hidden` (a graded record), the value the
    record holds is «(gradert)»: a value the schema refused is no code of it."""
    code, explain = _MESSAGES.get(error["type"], ("S003", _other))
    if hidden:
        error = _without_value(error)
    return code, _BREAKS.sub("↵", explain(field, error, model))


def _without_value(error: ErrorDetails) -> ErrorDetails:
    """The error with the record's value replaced by «(gradert)», also in a message ims made."""
    given = error.get("ctx", {}).get("verdi")
    message = error["msg"].replace(f"«{given}»", f"«{HIDDEN}»") if given is not None else None
    hidden: Any = {**error, "input": HIDDEN}
    if message is not None:
        hidden["msg"] = message
    return typing.cast(ErrorDetails, hidden)


def _fix(
    detail: ErrorDetails, owner: type[BaseModel] | None, near: Any, people: Mapping[str, str]
) -> Fix | None:
    """The repair of one error. Safe when exactly one answer fits: a Norwegian date as ISO, a
    value in the wrong case or without its Norwegian letters, a misspelt field name with one
    close match, a person written by name. Unsafe when it is only the closest («mente du …»).
    `near` is the mapping the value or key stands in."""
    kind, given = detail["type"], detail.get("input")
    if kind == "ims_dato" and "iso" in detail.get("ctx", {}):
        return Fix(str(given), date.fromisoformat(str(detail["ctx"]["iso"])))
    if kind in ("literal_error", "ims_verdi") and isinstance(given, str):
        if kind == "ims_verdi":
            allowed = [str(v) for v in detail.get("ctx", {}).get("tillatt", [])]
        else:
            allowed = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        return _value_fix(given, allowed)
    if kind == "extra_forbidden" and owner is not None:
        return _key_fix(str(detail["loc"][-1]), list(owner.model_fields), near)
    if kind == "string_pattern_mismatch" and isinstance(given, str) and people:
        found = person_named(people, given)
        return Fix(given, found) if found else None
    return None


def _value_fix(given: str, allowed: list[str]) -> Fix | None:
    """The allowed value `given` spells (safe), or the one closest to it (unsafe)."""
    wanted = _fold(given.strip()).replace(" ", "_").replace("-", "_")
    fitting = [value for value in allowed if value == wanted]
    if len(fitting) == 1:
        return Fix(given, fitting[0]) if given != fitting[0] else None
    close = difflib.get_close_matches(wanted, allowed, n=1, cutoff=0.75)
    return Fix(given, close[0], applicability="unsafe") if close else None


def _key_fix(field: str, known: list[str], near: Any) -> Fix | None:
    """The key a misspelt one means, as the finding says it: safe with one close match, unsafe
    when it is only the closest, shown only when the record has that key already."""
    meant = meant_key(field, known)
    if meant is None:
        return None
    folded = _fold(field)
    taken = near if isinstance(near, dict) else {}
    if meant in taken:
        return Fix(field, meant, key=True, applicability="display")
    certain = meant == folded or len(difflib.get_close_matches(folded, known, 2, 0.8)) == 1
    return Fix(field, meant, key=True, applicability="safe" if certain else "unsafe")


def _near(data: Any, path: Path) -> Any:
    current = data
    for part in path:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def schema_findings(
    error: ValidationError,
    model: type[BaseModel],
    data: Any,
    file: str,
    people: Mapping[str, str] = MappingProxyType({}),
    *,
    vocabulary: Vocabulary = DEFAULT,
) -> list[Finding]:
    """One finding per place; a union's alternatives at one place become one message. A
    finding carries its fix when exactly one repair fits (`people`: person names by id). The
    values of a graded record are not quoted in the messages (confidentiality); a field with
    values from ims.yaml names those of `vocabulary`."""
    record_id = data.get("id") if isinstance(data, dict) else None
    hidden = graded(grade_in(data))
    by_path: dict[Path, list[tuple[str, str]]] = {}
    fixes: dict[Path, Fix | None] = {}
    for detail in error.errors():
        path, missing = data_path(data, detail["loc"], detail["type"])
        field = missing or next((str(p) for p in reversed(path) if isinstance(p, str)), "posten")
        owner = model_at(model, path if detail["type"] == "missing" else path[:-1])
        key = (*path, missing) if missing else path
        if detail["type"] == "missing":
            said = ("S001", _missing(field, owner, vocabulary, _near(data, path)))
        else:
            said = _message(detail, field, owner, hidden)
        by_path.setdefault(key, []).append(said)
        fixes[key] = _fix(detail, owner, _near(data, path[:-1]), people)
    findings = []
    for key, messages in by_path.items():
        code, message = messages[0]
        fix = fixes[key] if len(messages) == 1 else None  # alternatives: no certain answer
        if fix is not None and code == "S003":
            message += f" – mente du «{fix.new}»?"
        if len(messages) > 1:
            message += " – eller " + " – eller ".join(m for _, m in messages[1:])
        if code == "S001":
            path = key[:-1]
        elif code == "S002":
            path = (*key, KEY)  # point at the unknown key, not at its value
        else:
            path = key
        ref = sub_ref(str(record_id) if record_id else None, data, path)
        findings.append(Finding(code, severity(code), file, message, ref, path=path, fix=fix))
    return findings


# Rounds of leaving out what failed: what is left out can hide no error of its own, so a record
# is salvaged or given up within a few.
_ROUNDS = 6
# What a record is nothing without: its id, and its grade, which decides who may read what the
# rules say about it.
_ESSENTIAL = frozenset({"id", "gradering"})


def salvage(
    model: type[BaseModel],
    data: dict[str, Any],
    error: ValidationError,
    vocabulary: Vocabulary = DEFAULT,
) -> Salvaged | None:
    """The valid parts of an invalid record, so the reference and business rules look at them in
    the same round as the schema errors: each list item (a tiltak, a risk, a goal) and each
    field that holds an error is left out — a required field left empty. None when the error is
    in its id or `gradering`."""
    dropped: set[Path] = set()
    for _ in range(_ROUNDS):
        kept = _without(data, dropped, ())
        # The errors are of the data as this round validated it: placed with what was left out
        # before it, not with what this round leaves out.
        places = Places(data, frozenset(dropped))
        for detail in error.errors():
            path, missing = data_path(kept, detail["loc"], detail["type"])
            cut = _cut(places.in_file(path), missing)
            if cut is None:
                return None
            dropped.add(cut)
        emptied = frozenset(
            str(cut[0]) for cut in dropped if len(cut) == 1 and _required(model, cut[0])
        )
        try:
            kept = _without(data, dropped, ())
            record = _lenient(model, emptied).model_validate(kept, context=vocabulary)
        except ValidationError as again:
            error = again
            continue
        whole = not any(len(cut) == 1 and cut[0] in model.model_fields for cut in dropped)
        return Salvaged(record, data, tuple(sorted(dropped, key=str)), whole)
    return None


def _cut(path: Path, missing: str | None) -> Path | None:
    """What to leave out for an error at `path` (or for a missing field): the innermost list
    item holding it, else the top-level field."""
    items = [i for i, step in enumerate(path) if isinstance(step, int)]
    if items:
        return path[: items[-1] + 1]
    field = str(path[0]) if path else missing
    return None if field is None or field in _ESSENTIAL else (field,)


def _required(model: type[BaseModel], name: str | int) -> bool:
    info = model.model_fields.get(str(name))
    return info is not None and info.is_required()


@functools.cache
def _lenient(model: type[BaseModel], emptied: frozenset[str]) -> type[BaseModel]:
    """The model with these required fields left empty (a list as no items), as the record is
    once what is wrong in them is left out; a subclass, so the rules know it for what it is."""
    if not emptied:
        return model
    fields: dict[str, Any] = {}
    for name in emptied:
        is_list = typing.get_origin(model.model_fields[name].annotation) is list
        fields[name] = (Any, Field(default_factory=list) if is_list else None)
    return create_model(model.__name__, __base__=model, **fields)


def _without(value: Any, dropped: set[Path], at: Path) -> Any:
    """A copy of the data without the parts at the dropped paths."""
    if isinstance(value, dict):
        return {
            k: _without(v, dropped, (*at, k)) for k, v in value.items() if (*at, k) not in dropped
        }
    if isinstance(value, list):
        return [
            _without(v, dropped, (*at, i)) for i, v in enumerate(value) if (*at, i) not in dropped
        ]
    return value


# What the loader is given to explain what a model refuses (store.load.read_file).
VALIDATOR = Validator(schema_findings, salvage)
