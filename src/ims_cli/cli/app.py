"""The `ims` command: global options, and the command groups wired in."""

from __future__ import annotations

import os
from typing import Annotated

# pydantic looks for plugins in every installed package's entry points (~30 ms at start-up);
# ims uses none. An explicit setting by the user still wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from ims_cli import __version__
from ims_cli.cli import (
    avvik,
    check,
    codeowners,
    exchange,
    history,
    init,
    new,
    puff,
    report,
    risk,
    schema,
    stats,
    tiltak,
    validate,
)
from ims_cli.cli.frame import new_app

app = new_app(
    "ims – Felles ledelsessystem i git: avvik, ROS, prosesser og lederavtaler som "
    "YAML/Markdown.\n\nEksempel: ims validate"
)


def _version(value: bool) -> None:
    if value:
        print(f"ims {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    repo: Annotated[
        str | None,
        typer.Option(
            "--repo",
            envvar="IMS_REPO",
            metavar="STI",
            help="Postarkivet (mappen med ims.yaml). Standard: søk oppover fra gjeldende mappe.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Vis versjonen og avslutt."
        ),
    ] = False,
) -> None:
    """ims – Felles ledelsessystem i git."""
    ctx.obj = repo


init.register(app)
validate.register(app)
check.register(app)
tiltak.register(app)
avvik.register(app)
new.register(app)
puff.register(app)
risk.register(app)
exchange.register(app)
history.register(app)
stats.register(app)
report.register(app)
codeowners.register(app)
schema.register(app)


def main() -> None:
    app(prog_name="ims")
