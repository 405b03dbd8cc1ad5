"""Only store/ writes files: every write, folder made and file removed goes through its writers,
which write atomically. Read from the source (the AST), not from a run: a write on a path no
test takes would be missed by any run."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import PROJECT

PACKAGE = PROJECT / "src" / "ims_cli"
# Methods that only write, on a path, a figure or a workbook.
WRITING_METHODS = frozenset(
    {
        *("write_text", "write_bytes", "mkdir", "rmdir", "unlink", "rename", "touch"),
        *("symlink_to", "hardlink_to", "chmod", "savefig", "save"),
    }
)
# Functions of os and shutil that write (os.replace, not str.replace).
WRITING_FUNCTIONS = {
    "os": frozenset(
        {"remove", "unlink", "rename", "replace", "makedirs", "mkdir", "rmdir", "link"}
        | {"symlink", "truncate", "fdopen", "chmod", "removedirs"}
    ),
    "shutil": frozenset({"copy", "copy2", "copyfile", "copytree", "move", "rmtree", "copyfileobj"}),
}
WRITE_MODES = frozenset("wax+")
# The exceptions, each with why it writes no file.
ALLOWED = {
    ("src/ims_cli/render/charts.py", ".savefig()"): "into memory (io.BytesIO); store writes it",
}


def _mode(call: ast.Call, position: int) -> str | None:
    """The mode given to open(), by position or by name, when it is a literal."""
    given = call.args[position] if len(call.args) > position else None
    given = next((k.value for k in call.keywords if k.arg == "mode"), given)
    return given.value if isinstance(given, ast.Constant) and isinstance(given.value, str) else None


def writes(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each call in the tree that writes a file."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id == "open":
            mode = _mode(node, 1)
            if mode is not None and WRITE_MODES & set(mode):
                found.append((node.lineno, f"open(…, {mode!r})"))
        elif isinstance(function, ast.Attribute):
            owner = function.value.id if isinstance(function.value, ast.Name) else None
            if function.attr in WRITING_FUNCTIONS.get(owner or "", ()):
                found.append((node.lineno, f"{owner}.{function.attr}"))
            elif owner not in WRITING_FUNCTIONS and function.attr in WRITING_METHODS:
                found.append((node.lineno, f".{function.attr}()"))
            elif function.attr == "open" and (mode := _mode(node, 0)) and WRITE_MODES & set(mode):
                found.append((node.lineno, f".open({mode!r})"))
    return found


def test_no_module_outside_store_writes_a_file() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    outside = [p for p in modules if "store" not in p.relative_to(PACKAGE).parts]
    found = [
        (path.relative_to(PROJECT).as_posix(), line, what)
        for path in outside
        for line, what in writes(ast.parse(path.read_text("utf-8")))
    ]
    unexplained = [
        f"{file}:{line}: {what}" for file, line, what in found if (file, what) not in ALLOWED
    ]
    assert unexplained == []
    assert {(file, what) for file, _, what in found} == set(ALLOWED)  # none left over


@pytest.mark.parametrize(
    "source",
    [
        'open(path, "w")',
        'open(path, mode="a", encoding="utf-8")',
        'path.open("wb")',
        'path.write_text("x")',
        "folder.mkdir(parents=True)",
        "path.unlink(missing_ok=True)",
        "figure.savefig(path)",
        "os.replace(a, b)",
        "shutil.rmtree(folder)",
    ],
)
def test_each_way_of_writing_is_seen(source: str) -> None:
    assert len(writes(ast.parse(source))) == 1


@pytest.mark.parametrize(
    "source",
    ['open(path, encoding="utf-8")', 'path.open("rb")', 'text.replace("a", "b")', "ids.copy()"],
)
def test_reading_and_look_alikes_are_not_writes(source: str) -> None:
    assert writes(ast.parse(source)) == []
