"""Rebuilding a model from data that validated gives exactly what validation gave."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, get_args

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    PlainValidator,
    Strict,
    ValidationError,
    field_validator,
)

from ims_cli.config import Config
from ims_cli.kinds import KINDS, kind_of
from ims_cli.models import REGISTERS
from ims_cli.models.common import Model
from ims_cli.models.rebuild import plan, rebuild
from ims_cli.store import yamlfile
from ims_cli.store.load import register_name
from tests.conftest import FIXTURES, PROJECT


def _files() -> list[Path]:
    folders = [PROJECT / "records", FIXTURES / "base", FIXTURES / "valid"]
    found = [p for f in folders for p in sorted(f.rglob("*")) if p.suffix in (".yaml", ".md")]
    configs = [PROJECT / "ims.yaml", FIXTURES / "base" / "ims.yaml"]
    return [p for p in found if not p.name.lower().endswith("readme.md")] + configs


def _load(path: Path) -> tuple[type[BaseModel], dict[str, Any]]:
    text = yamlfile.decode(path.read_bytes())
    data = yamlfile.parse(yamlfile.document_of(path.name, text))
    if path.name == "ims.yaml":
        return Config, data
    register = register_name(f"records/{path.name}") if path.parent.name == "records" else None
    if register:
        return REGISTERS[register], data
    kind = kind_of(data["id"])
    assert kind is not None
    return kind.model, data


FILES = _files()


def _same(rebuilt: BaseModel, validated: BaseModel) -> None:
    assert type(rebuilt) is type(validated)
    assert repr(rebuilt) == repr(validated)  # types too: date, not '2026-01-10'; 5.0, not 5
    assert rebuilt == validated
    assert rebuilt.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)


def test_the_examples_cover_every_kind_and_register() -> None:
    models = {_load(p)[0] for p in FILES}
    assert models >= {k.model for k in KINDS} | set(REGISTERS.values()) | {Config}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_example_rebuilds_as_it_validates(path: Path) -> None:
    model, data = _load(path)
    _same(rebuild(model, data), model.model_validate(data))


def _thinned(draw: st.DrawFn, value: Any) -> Any:
    """The value with keys left out at any depth, and whole numbers written without decimals."""
    if isinstance(value, dict):
        kept = {k: v for k, v in value.items() if draw(st.booleans()) or k == "id"}
        return {k: _thinned(draw, v) for k, v in kept.items()}
    if isinstance(value, list):
        return [_thinned(draw, v) for v in value]
    if isinstance(value, float) and value.is_integer() and draw(st.booleans()):
        return int(value)
    return value


def _validated(model: type[BaseModel], data: Any, original: Any) -> BaseModel | None:
    """Validate, putting back each required key the thinning took (None if still invalid)."""
    for _ in range(50):
        try:
            return model.model_validate(data)
        except ValidationError as error:
            missing = [e["loc"] for e in error.errors() if e["type"] == "missing"]
            if len(missing) < len(error.errors()):
                return None
            try:
                for loc in missing:
                    _put_back(data, original, loc)
            except KeyError:  # thinned into another branch ({id: T1} without samme_som)
                return None
    return None


def _put_back(data: Any, original: Any, loc: tuple[Any, ...]) -> None:
    for step in loc[:-1]:
        if isinstance(data, dict) and step not in original:
            continue  # a tagged union's branch (tiltak or samme_som), not a key in the data
        data, original = data[step], original[step]
    data[loc[-1]] = original[loc[-1]]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FILES), st.data())
def test_any_valid_variant_rebuilds_as_it_validates(path: Path, draw: st.DataObject) -> None:
    model, original = _load(path)
    data = _thinned(draw.draw, original)
    validated = _validated(model, data, original)
    assume(validated is not None)
    assert validated is not None
    _same(rebuild(model, data), validated)


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """The model and every model nested in its fields."""
    if model in seen:
        return seen
    seen.add(model)
    pending = [f.annotation for f in model.model_fields.values()]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _models(annotation, seen)
        pending.extend(get_args(annotation))
    return seen


def test_every_model_can_be_rebuilt() -> None:
    models: set[type[BaseModel]] = set()
    for root in [*(k.model for k in KINDS), *REGISTERS.values(), Config]:
        _models(root, models)
    assert len(models) > 20
    for model in models:
        plan(model)  # raises TypeError for what rebuild cannot replay


class _Decorated(Model):
    x: int

    @field_validator("x")
    @classmethod
    def _positive(cls, value: int) -> int:
        return abs(value)


class _TwoConverting(Model):
    x: date | float


class _Informed(Model):
    x: Annotated[int, BeforeValidator(lambda value, info: value)]


class _Aliased(Model):
    x: int = Field(alias="y")


class _Plain(Model):
    x: Annotated[int, PlainValidator(int)]


class _Lax(Model):
    x: Annotated[int, Strict(False)]


@pytest.mark.parametrize("model", [_Decorated, _TwoConverting, _Informed, _Aliased, _Plain, _Lax])
def test_what_rebuild_cannot_replay_is_refused(model: type[BaseModel]) -> None:
    with pytest.raises(TypeError):
        plan(model)


def test_the_default_config_rebuilds_as_it_validates() -> None:
    _same(rebuild(Config, {}), Config())
