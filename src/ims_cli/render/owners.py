"""`ims codeowners --check`: whether CODEOWNERS is as the process owners make it."""

from __future__ import annotations

import json

from ims_cli.render.registry import CODEOWNERS
from ims_cli.render.results import Owners

_STATES = {"ikke_a_jour": "ikke à jour", "mangler": "mangler"}


@CODEOWNERS.renderer("text")
def _text(view: Owners) -> str | None:
    if view.state == "a_jour":
        return None  # nothing to say: the exit code says it
    return f"{view.file}: {_STATES[view.state]}; kjør «ims codeowners»"


@CODEOWNERS.renderer("json")
def _json(view: Owners) -> str:
    return json.dumps({"fil": view.file, "status": view.state}, ensure_ascii=False)
