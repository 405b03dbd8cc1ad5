"""JSON Schemas generated from the models: the only schema there is."""

from __future__ import annotations

import json

from pydantic import BaseModel

from ims_cli.config import Config
from ims_cli.models import KINDS, REGISTERS
from ims_cli.models.vocabulary import DEFAULT, Vocabulary, schema_for

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {"ims": Config}
    models.update(REGISTERS)
    models.update({kind.name: kind.model for kind in KINDS})
    return models


def documents(vocabulary: Vocabulary = DEFAULT) -> dict[str, str]:
    """File name -> JSON text, for every schema `ims schema` writes; the values of the lists in
    ims.yaml (`verdier:`) from `vocabulary`."""
    out = {}
    for name, model in _models().items():
        schema = {"$schema": DIALECT, **schema_for(model.model_json_schema(), vocabulary)}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
