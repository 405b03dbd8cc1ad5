"""The layers of ims_cli, kept over the imports in the source: cli → operations/render →
analytics/rules → store → models, nothing upward, nothing sideways, no cycle.

Every import counts, also one inside a function (the lazy imports that keep start-up short) and
one under TYPE_CHECKING. `.venv/bin/python tests/layering.py` prints the cycles there are.
"""

from __future__ import annotations

from pathlib import Path

from tests.layering import cycles, graph, imports, packages

# Each package of src/ims_cli (a folder, or a module at the top) and its layer: a package imports
# only from lower layers. Packages in one layer know nothing of each other.
LAYERS: dict[str, tuple[int, str]] = {
    "findings": (0, "a finding is a plain value that every layer makes or reads"),
    "errors": (0, "UserError is raised from every layer; cli/frame.py decides the exit code"),
    "words": (0, "Norwegian words, counts and dates for every layer that writes a message"),
    "national_ids": (0, "what a fødselsnummer is: the policy masks them, the loader reports them"),
    "installed": (0, "where this ims was installed from (PEP 610); reads only the version"),
    "characters": (0, "what is not text: the loader refuses it (Y010), render strips it"),
    "codes": (1, "the rule codes with their severity: a finding's severity comes from here"),
    "models": (1, "the pydantic models, the only schema; they know nothing above them"),
    "config": (2, "ims.yaml as a typed config, made of the models' types (Model, Text, Omrade)"),
    "confidentiality": (
        2,
        "the one policy: reads the models' types; the loader marks and quotes with it, so it "
        "sits below store",
    ),
    "sealing": (
        2,
        "age encryption at rest of a graded record's text: knows the models' types (which "
        "field is text), nothing above them",
    ),
    "kinds": (
        3,
        "what ims does with each kind of record, and the one registry; kinds/schemas.py writes "
        "the JSON Schemas of the models and of ims.yaml, so it sits above both",
    ),
    "store": (4, "the only code that touches files; the rules' validator is passed in to it"),
    "gitio": (5, "the only code that asks git; it finds the repository's files through store"),
    "analytics": (6, "pure functions over records; a log entry names a commit (gitio)"),
    "rules": (7, "validation beyond the schema; the deadlines and units are analytics'"),
    "indexed": (
        8,
        "the repository read through its index, keeping what the rules and analytics need "
        "of each record (the stored record, the index query: store)",
    ),
    "render": (9, "rich, JSON, Markdown, jinja2 and matplotlib over the results"),
    "exchange": (9, "the ROS sheet, tables, SQLite and e-mail made of the records"),
    "operations": (
        10,
        "what a command does with the layers; new records and ims init fill render's templates",
    ),
    "api": (11, "ims as a library: what the commands ask, for scripts; the CLI opens through it"),
    "cli": (12, "one typer module per command group: options in, the core called, rendered"),
    "__init__": (12, "`import ims_cli`: the front door (ims_cli.open), the api imported lazily"),
    "__main__": (13, "python -m ims_cli"),
}


def test_every_package_has_a_layer() -> None:
    assert packages() == set(LAYERS)


def test_nothing_is_imported_from_above_or_beside() -> None:
    wrong = [
        f"{imp.where}: {imp.source} ({LAYERS[imp.source][0]}) importerer {imp.name} "
        f"({LAYERS[imp.target][0]})"
        for imp in imports()
        if LAYERS[imp.target][0] >= LAYERS[imp.source][0]
    ]
    assert wrong == []


def test_no_package_imports_itself_round_about() -> None:
    assert cycles(graph(imports())) == []


def test_the_layers_read_as_style_md_draws_them() -> None:
    """cli → operations/render → analytics/rules → store → models."""
    order = ["cli", "operations", "render", "rules", "analytics", "store", "models"]
    assert [LAYERS[p][0] for p in order] == sorted((LAYERS[p][0] for p in order), reverse=True)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_an_import_in_a_function_or_for_types_only_counts(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/a.py": "def f():\n    from pkg.high import b\n",
            "high/__init__.py": "",
            "high/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from ..low import a\n",
            "top.py": "from pkg import low, __version__\nfrom pkg import open\n",
        },
    )
    found = {(i.source, i.target, i.where) for i in imports(root)}
    assert found == {
        ("low", "high", "low/a.py:2"),
        ("high", "low", "high/b.py:3"),
        ("top", "low", "top.py:1"),
        ("top", "__init__", "top.py:2"),  # a name of the package itself; not its version
    }
    assert packages(root) == {"__init__", "low", "high", "top"}
    assert cycles(graph(imports(root))) == [["high", "low"]]


def test_a_cycle_round_three_packages_is_one_knot() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
