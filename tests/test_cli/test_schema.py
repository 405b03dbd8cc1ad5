"""JSON Schemas: generated from the models, checked in, and usable by other tools."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.kinds import kind_of
from ims_cli.kinds.schemas import documents
from ims_cli.store.load import discover, register_name
from ims_cli.store.yamlfile import Document, decode, parse, split_front_matter
from tests.conftest import PROJECT

runner = CliRunner()
SCHEMAS = PROJECT / "schemas"


def test_checked_in_schemas_are_up_to_date() -> None:
    result = runner.invoke(app, ["--repo", str(PROJECT), "schema", "--check"])
    assert result.output == ""
    assert result.exit_code == 0


def test_expected_schema_files() -> None:
    assert sorted(documents()) == sorted(
        f"{n}.schema.json"
        for n in [
            "ims",
            "organisasjon",
            "lovkrav",
            "risikobank",
            "avvik",
            "ros",
            "prosess",
            "lederavtale",
            "revisjon",
            "egenvurdering",
            "lg",
            "varsel",
            "vernerunde",
            "ovelse",
        ]
    )


def test_schema_writes_and_check_detects_drift(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "--ut", str(out)]).exit_code == 0
    assert runner.invoke(app, ["schema", "--ut", str(out), "--check"]).exit_code == 0
    (out / "avvik.schema.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--ut", str(out), "--check"])
    assert result.exit_code == 1
    assert "avvik.schema.json: ikke à jour" in result.output
    (out / "lg.schema.json").unlink()
    assert (
        "lg.schema.json: mangler; kjør «ims schema»"
        in runner.invoke(app, ["schema", "--ut", str(out), "--check"]).output
    )


def _as_json(value: Any) -> Any:
    """What an editor sees: YAML dates are strings in JSON."""
    return json.loads(
        json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, date) else v)
    )


def _example_files() -> list[str]:
    return [p for p in discover(PROJECT)]


def _schema_for(path: str, data: dict[str, Any]) -> str:
    register = register_name(path)
    if register:
        return f"{register}.schema.json"
    kind = kind_of(data.get("id"))
    assert kind is not None
    return f"{kind.name}.schema.json"


@pytest.mark.parametrize("path", _example_files())
def test_every_example_record_is_valid_against_its_checked_in_schema(path: str) -> None:
    text = decode((PROJECT / path).read_bytes())
    document = split_front_matter(text) if path.endswith(".md") else Document(text)
    data = parse(document)
    schema = json.loads((SCHEMAS / _schema_for(path, data)).read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(_as_json(data))


def test_config_is_valid_against_its_schema() -> None:
    data = yaml.safe_load((PROJECT / "ims.yaml").read_text("utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as text, as an editor has them
    schema = json.loads((SCHEMAS / "ims.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_an_unknown_key() -> None:
    schema = json.loads((SCHEMAS / "avvik.schema.json").read_text("utf-8"))
    record = {
        "id": "AVV-2026-0001",
        "type": "avvik",
        "tittel": "x",
        "meldt": "2026-03-01",
        "enhet": "KD",
        "kategori": "hms",
        "status": "meldt",
    }
    jsonschema.Draft202012Validator(schema).validate(record)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate({**record, "titel": "x"})
