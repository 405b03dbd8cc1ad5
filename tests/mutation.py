"""Mutation testing, by hand and weekly: would the tests notice a wrong rule?

    python3 dev.py mutate [MODULE …]   # e.g. analytics/risk.py; default: analytics/ rules/ store/
                                      # operations/ confidentiality.py national_ids.py

Each mutant changes one thing in one module — a comparison flipped (`<` ↔ `<=`, `==` ↔ `!=`,
`in` ↔ `not in`), `and` ↔ `or`, a `not` dropped, a condition negated, a returned list emptied, a
yielded finding dropped, `+` ↔ `-` and `*` ↔ `/`, a number one larger, `True` ↔ `False`, `min` ↔
`max` and `any` ↔ `all`, a call whose result is not used dropped (an append, a finding added) —
and runs the tests that exercise the module. A mutant the tests pass with *survived*: a change a
user would notice and no test does. Survivors are listed with their line; a survivor that cannot
change behaviour (an equivalent mutant) goes in tests/mutation-equivalent.txt with a reason, so it
is not reported again.

Our own small runner rather than mutmut or cosmic-ray: both rewrite or copy the whole tree and
run the whole suite per mutant (tens of minutes here), while a rule module is exercised by a few
test files; the operators above are the ones whose survivors have misled users (issue 20).
"""

from __future__ import annotations

import ast
import copy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ims_cli"
EQUIVALENT = ROOT / "tests" / "mutation-equivalent.txt"
DEFAULT = ["analytics", "rules", "store", "operations", "confidentiality.py", "national_ids.py"]
# The tests that exercise a module, beyond its own layer's folder.
TESTS = {
    "analytics/deadlines.py": [
        "tests/test_analytics",
        "tests/test_cli/test_check.py",
        "tests/test_rules/test_duties.py",
    ],
    "analytics/duties.py": ["tests/test_analytics", "tests/test_rules/test_duties.py"],
    "analytics/risk.py": ["tests/test_analytics", "tests/test_cli/test_risk.py"],
    "analytics/puff.py": [
        "tests/test_analytics",
        "tests/test_example_records.py",
        "tests/test_cli/test_report.py",
    ],
    "analytics/stats.py": ["tests/test_analytics", "tests/test_cli/test_stats.py"],
    "analytics/tiltak.py": ["tests/test_analytics", "tests/test_cli/test_tiltak.py"],
    "analytics/management_review.py": ["tests/test_analytics", "tests/test_cli/test_report.py"],
    "analytics/records.py": [
        "tests/test_analytics",
        "tests/test_cli/test_records.py",
        "tests/test_index.py",  # when a record settles (what the index selects by)
    ],
    "analytics/diff.py": ["tests/test_analytics", "tests/test_cli/test_diff.py"],
    "analytics/reminders.py": [
        "tests/test_analytics/test_reminders.py",
        "tests/test_cli/test_varsel.py",
    ],
    "national_ids.py": [
        "tests/test_national_ids.py",
        "tests/test_cli/test_national_ids.py",
        "tests/test_rules",
    ],
    "rules/pull_request.py": ["tests/test_analytics/test_diff.py", "tests/test_cli/test_diff.py"],
    "rules/check.py": ["tests/test_rules", "tests/test_cli/test_check.py"],
    "rules/run.py": ["tests/test_rules", "tests/test_cli/test_validate_fix.py"],
    "rules/references.py": [
        "tests/test_rules",
        "tests/test_cli/test_validate.py",
        "tests/test_analytics/test_samme_som.py",
    ],
    "analytics/internal_control.py": [
        "tests/test_analytics",
        "tests/test_cli/test_report_ik.py",
        "tests/test_render/test_charts.py",
    ],
    "store/cache.py": ["tests/test_store", "tests/test_index.py", "tests/test_cli/test_check.py"],
    "store/database.py": ["tests/test_store", "tests/test_cli/test_export.py"],
    "store/files.py": [
        "tests/test_store",
        "tests/test_index.py",
        "tests/test_cli/test_editing_safety.py",
        "tests/test_rules/test_hostile_files.py",
    ],
    "store/index.py": [
        "tests/test_store",
        "tests/test_index.py",
        "tests/test_analytics/test_needs.py",
    ],
    "store/load.py": ["tests/test_store", "tests/test_rules", "tests/test_cli/test_validate.py"],
    "store/lock.py": ["tests/test_store", "tests/test_cli/test_editing_safety.py"],
    "store/resources.py": ["tests/test_store", "tests/test_cli/test_new_and_init.py"],
    "store/roundtrip.py": [
        "tests/test_store",
        "tests/test_cli/test_editing.py",
        "tests/test_cli/test_editing_safety.py",
        "tests/test_cli/test_tiltak.py",
        "tests/test_cli/test_ros_edits.py",
        "tests/test_cli/test_agreements.py",
        "tests/test_cli/test_audit_avvik.py",
    ],
    "store/workbook.py": [
        "tests/test_store",
        "tests/test_exchange",
        "tests/test_cli/test_export.py",
    ],
    "store/write.py": ["tests/test_store", "tests/test_cli/test_editing_safety.py"],
    "store/yamlfile.py": [
        "tests/test_store",
        "tests/test_rules",
        "tests/test_cli/test_validate.py",
        "tests/test_cli/test_validate_fix.py",
    ],
    "analytics/handbook.py": ["tests/test_analytics", "tests/test_cli/test_site.py"],
    "operations/agreements.py": [
        "tests/test_cli/test_agreements.py",
        "tests/test_cli/test_editing_safety.py",
    ],
    "operations/assessments.py": ["tests/test_cli/test_ros_edits.py"],
    "operations/audits.py": [
        "tests/test_cli/test_audit_avvik.py",
        "tests/test_cli/test_vernerunde.py",
    ],
    "operations/changes.py": [
        "tests/test_cli/test_tiltak.py",
        "tests/test_cli/test_editing.py",
        "tests/test_cli/test_editing_safety.py",
        "tests/test_cli/test_agreements.py",
        "tests/test_cli/test_ros_edits.py",
        "tests/test_cli/test_audit_avvik.py",
    ],
    "operations/codeowners.py": ["tests/test_cli/test_codeowners.py"],
    "operations/comparing.py": [
        "tests/test_cli/test_diff.py",
        "tests/test_cli/test_log.py",
        "tests/test_analytics/test_diff.py",
    ],
    "operations/creating.py": ["tests/test_cli/test_new_and_init.py"],
    "operations/fixing.py": ["tests/test_cli/test_validate_fix.py"],
    "operations/encrypting.py": [
        "tests/test_cli/test_encryption.py",
        "tests/test_cli/test_varsling.py",
    ],
    "operations/sealed.py": [
        "tests/test_cli/test_encryption.py",
        "tests/test_sealing.py",
        "tests/test_cli/test_varsling.py",
        "tests/test_web/test_serve.py",
    ],
    "operations/reporting.py": [
        "tests/test_web/test_serve.py",
        "tests/test_cli/test_import_epost.py",
    ],
    "operations/intake.py": [
        "tests/test_cli/test_import_epost.py",
        "tests/test_cli/test_avvik_svar.py",
    ],
    "operations/sheets.py": [
        "tests/test_cli/test_ros_sheet_update.py",
        "tests/test_cli/test_export.py",
    ],
    "operations/scaffold.py": ["tests/test_cli/test_new_and_init.py"],
    "operations/site.py": ["tests/test_cli/test_site.py", "tests/test_analytics/test_handbook.py"],
    "confidentiality.py": [
        "tests/test_confidentiality.py",
        "tests/test_cli/test_check.py",
        "tests/test_cli/test_diff.py",
        "tests/test_cli/test_export.py",
        "tests/test_cli/test_site.py",
        "tests/test_cli/test_report.py",
    ],
    "rules/schema.py": [
        "tests/test_rules",
        "tests/test_cli/test_validate.py",
        "tests/test_cli/test_validate_fix.py",
    ],
}
SLOW = ["tests/test_cli/test_pipelines.py", "tests/test_cli/test_report_browser.py"]
_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


_ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
}
_SWAPPED_CALLS = {"min": "max", "max": "min", "any": "all", "all": "any"}


@dataclass(frozen=True)
class Mutant:
    line: int
    column: int  # two mutants on one line differ by where their node starts
    what: str
    tree: ast.Module

    def key(self, module: str) -> str:
        return f"{module}:{self.line}:{self.column}: {self.what}"


def mutants(source: str) -> Iterator[Mutant]:
    """Every single-point mutant of a module's source, as a whole new tree each."""
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    declared = _declarations(tree)
    for index, node in enumerate(nodes):
        if id(node) not in declared:
            yield from _of(tree, index, node)


def _declarations(tree: ast.Module) -> set[int]:
    """Nodes that declare rather than decide, left alone: decorators (`@dataclass(frozen=True)`)
    and zip's `strict=True`, a guard that only ever raises on a bug of ims."""
    found: set[int] = set()
    for node in ast.walk(tree):
        parts: list[ast.AST] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            parts = list(node.decorator_list)
        elif isinstance(node, ast.keyword) and node.arg == "strict":
            parts = [node.value]
        found.update(id(inner) for part in parts for inner in ast.walk(part))
    return found


def _copy_at(tree: ast.Module, index: int) -> tuple[ast.Module, ast.AST]:
    twin = copy.deepcopy(tree)
    return twin, list(ast.walk(twin))[index]


def _of(tree: ast.Module, index: int, node: ast.AST) -> Iterator[Mutant]:
    line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", -1) + 1
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _FLIP:
                twin, target = _copy_at(tree, index)
                assert isinstance(target, ast.Compare)
                target.ops[i] = _FLIP[type(op)]()
                which = f" (sammenligning {i + 1})" if len(node.ops) > 1 else ""
                yield Mutant(line, column, f"{_op(op)} → {_op(target.ops[i])}{which}", twin)
    elif isinstance(node, ast.BoolOp):
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.BoolOp)
        target.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield Mutant(line, column, "and ↔ or", twin)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.UnaryOp)
        target.operand = ast.UnaryOp(op=ast.Not(), operand=target.operand)  # not not x: bool(x)
        yield Mutant(line, column, "not dropped", twin)
    elif isinstance(node, ast.If | ast.IfExp | ast.While):
        yield from _negated(tree, index, line, column)
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Yield | ast.YieldFrom):
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.Expr)
        target.value = ast.Constant(value=None)  # the finding (or item) is never given
        yield Mutant(line, column, "yield dropped", twin)
    elif isinstance(node, ast.Return) and isinstance(node.value, ast.List | ast.ListComp):
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.Return)
        target.value = ast.List(elts=[], ctx=ast.Load())
        yield Mutant(line, column, "returns []", twin)
    else:
        yield from _values(tree, index, node, line, column)


def _values(
    tree: ast.Module, index: int, node: ast.AST, line: int, column: int
) -> Iterator[Mutant]:
    """The operators that change a value: arithmetic, a number, a truth value, min/max and
    any/all, and a call whose result is not used (an append, a finding added) dropped."""
    if isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _ARITHMETIC:
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.BinOp | ast.AugAssign)
        target.op = _ARITHMETIC[type(node.op)]()
        yield Mutant(line, column, f"{_sign(node.op)} → {_sign(target.op)}", twin)
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.Constant)
        target.value = _changed(node.value)
        yield Mutant(line, column, f"{node.value!r} → {target.value!r}", twin)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _SWAPPED_CALLS
    ):
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.Call) and isinstance(target.func, ast.Name)
        target.func.id = _SWAPPED_CALLS[node.func.id]
        yield Mutant(line, column, f"{node.func.id} → {target.func.id}", twin)
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        twin, target = _copy_at(tree, index)
        assert isinstance(target, ast.Expr)
        target.value = ast.Constant(value=None)
        yield Mutant(line, column, "call dropped", twin)


def _negated(tree: ast.Module, index: int, line: int, column: int) -> Iterator[Mutant]:
    twin, target = _copy_at(tree, index)
    assert isinstance(target, ast.If | ast.IfExp | ast.While)
    target.test = ast.UnaryOp(op=ast.Not(), operand=target.test)
    yield Mutant(line, column, "condition negated", twin)


def _changed(value: float) -> float:
    """True ↔ False; an integer one larger; a float doubled (1e9 + 1 would change nothing)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return value * 2 if value else 1.0


def _sign(op: ast.operator) -> str:
    return ast.unparse(ast.BinOp(left=ast.Name("a"), op=op, right=ast.Name("b")))[2:-2]


def _op(op: ast.cmpop) -> str:
    return ast.unparse(ast.Compare(left=ast.Name("a"), ops=[op], comparators=[ast.Name("b")]))[2:-2]


def tests_for(module: str) -> list[str]:
    layer = module.split("/", maxsplit=1)[0]
    return TESTS.get(module, [f"tests/test_{layer}"])


def killed(copy_root: Path, module: str, mutant: Mutant, tests: list[str]) -> bool:
    """Whether the tests fail (or hang) with the mutant in place of the module. The mutant goes
    into a copy of the package that the tests import first: the source tree is never touched."""
    path = copy_root / "src" / "ims_cli" / module
    original = path.read_text("utf-8")
    try:
        path.write_text(ast.unparse(ast.fix_missing_locations(mutant.tree)) + "\n", "utf-8")
        ignore = [f"--ignore={slow}" for slow in SLOW]
        args = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *ignore]
        env = {**os.environ, "PYTHONPATH": str(copy_root / "src")}
        try:
            done = subprocess.run(
                [*args, *tests], cwd=ROOT, env=env, capture_output=True, timeout=600, check=False
            )
        except subprocess.TimeoutExpired:
            return True
        return done.returncode != 0
    finally:
        path.write_text(original, "utf-8")


def package_copy(folder: Path) -> Path:
    """src/ims_cli copied, with templates/ and schemas/ beside it as in a checkout."""
    shutil.copytree(
        PACKAGE, folder / "src" / "ims_cli", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("templates", "schemas"):  # copied: ims reads no template through a link
        shutil.copytree(ROOT / name, folder / name)
    return folder


def equivalents() -> set[str]:
    """The keys of the mutants reasoned to be equivalent (tests/mutation-equivalent.txt)."""
    return {
        line.split("  #")[0].strip()
        for line in EQUIVALENT.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def run(modules: list[str]) -> int:
    known = equivalents()
    paths = [p for m in modules or DEFAULT for p in _modules(m)]
    survivors = 0
    with tempfile.TemporaryDirectory(prefix="ims-mutate-") as folder:
        copy_root = package_copy(Path(folder))
        for path in paths:
            survivors += _run_module(copy_root, path, known)
    return 1 if survivors else 0


def _run_module(copy_root: Path, path: Path, known: set[str]) -> int:
    module = path.relative_to(PACKAGE).as_posix()
    tests = tests_for(module)
    missing = [t for t in tests if not (ROOT / t).exists()]
    unmutated = Mutant(0, 0, "ingen endring", ast.parse(path.read_text("utf-8")))
    if missing or killed(copy_root, module, unmutated, tests):
        print(f"{module}: testene {' '.join(missing or tests)} mangler eller feiler uten mutant")
        return 1
    found = [m for m in mutants(path.read_text("utf-8")) if m.key(module) not in known]
    start, lost = time.monotonic(), []
    for mutant in found:
        if not killed(copy_root, module, mutant, tests):
            lost.append(mutant)
    share = 1 - len(lost) / len(found) if found else 1.0
    print(
        f"{module}: {len(found) - len(lost)} av {len(found)} drept ({share:.0%}), "
        f"{time.monotonic() - start:.0f} s",
        flush=True,
    )
    for mutant in lost:
        print(f"  overlevde: {mutant.key(module)}", flush=True)
    return len(lost)


def _modules(name: str) -> list[Path]:
    path = PACKAGE / name
    return (
        sorted(p for p in path.rglob("*.py") if p.name != "__init__.py")
        if path.is_dir()
        else [path]
    )


def rekey() -> int:
    """Move each listed equivalent whose line moved to the nearest mutant of the same kind in
    its module (the same column on a tie), after a merge; the changes are printed to be read."""
    lines = EQUIVALENT.read_text("utf-8").splitlines()
    listed = equivalents()
    made: dict[str, list[str]] = {}
    for key in listed:
        module = key.split(":", maxsplit=1)[0]
        if module not in made and (PACKAGE / module).is_file():
            made[module] = [m.key(module) for m in mutants((PACKAGE / module).read_text())]
    taken = listed & {k for keys in made.values() for k in keys}
    for index, line in enumerate(lines):
        key, _, reason = line.partition("  #")
        key = key.strip()
        if not key or line.startswith("#") or key in taken:
            continue
        module, old_line, column, what = _parts(key)
        candidates = [k for k in made.get(module, []) if _parts(k)[3] == what and k not in taken]
        if not candidates:
            print(f"no mutant like {key}", file=sys.stderr)
            continue
        best = min(candidates, key=lambda k: (abs(_parts(k)[1] - old_line), _parts(k)[2] != column))
        taken.add(best)
        lines[index] = f"{best}  #{reason}"
        print(f"{key} -> {best}")
    EQUIVALENT.write_text("\n".join(lines) + "\n", "utf-8")
    return 0


def _parts(key: str) -> tuple[str, int, int, str]:
    module, line, column, what = key.split(":", maxsplit=3)
    return module, int(line), int(column), what.strip()


if __name__ == "__main__":
    # stopped from outside (a cancelled job, pkill): leave as on Ctrl-C, the copy removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if sys.argv[1:] == ["--rekey"]:
        sys.exit(rekey())
    sys.exit(run(sys.argv[1:]))
