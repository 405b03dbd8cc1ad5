"""The pages of `ims serve`: templates/serve/ (a repository's own first), in jinja2's sandbox with
everything escaped, so a text a reporter typed is shown as text, never as markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from ims_cli.render.templates import environment, plain_text, render
from ims_cli.words import day, word


class Pages:
    """The templates, loaded once per server; each page filled in per request."""

    def __init__(self, root: Path, organisasjon: str) -> None:
        self.root = root
        self.env: SandboxedEnvironment = environment("serve", root, html=True)
        self.env.filters.update(kode=word, dato=day)
        self.env.globals["kommune"] = organisasjon

    def page(self, name: str, **values: Any) -> str:
        values.setdefault("feil", {})  # the layout marks a page whose form came back
        return render(self.env, f"{name}.html.j2", self.root / "templates" / "serve", **values)

    def stylesheet(self) -> str:
        return plain_text(self.env, "stil.css")
