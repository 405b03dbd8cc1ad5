"""Templates a records repository brings: read only from its own templates/ folder, never
through a link, and filled in within a budget of time and size; each refusal is one Norwegian
line naming the template, exit 2."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.render import templates
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()
SECRET = "HEMMELIG-PASSORD-4711"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder elsewhere on the machine with a secret in it (as /proc/self or /etc)."""
    folder = tmp_path / "utenfor"
    folder.mkdir()
    (folder / "environ").write_text(f"IMS_SMTP_PASSORD={SECRET}\n", "utf-8")
    return folder


def _own_base(root: Path, line: str) -> None:
    """The site's base template, brought by the repository, with `line` added."""
    own = root / "templates" / "site"
    own.mkdir(parents=True, exist_ok=True)
    text = (PROJECT / "templates" / "site" / "base.html.j2").read_text("utf-8")
    (own / "base.html.j2").write_text(line + "\n" + text, "utf-8")


def _texts(folder: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def test_the_site_does_not_include_through_a_folder_link(
    make_repo: MakeRepo, outside: Path, tmp_path: Path
) -> None:
    root = make_repo()
    _own_base(root, '{% include "p/environ" %}')
    (root / "templates" / "site" / "p").symlink_to(outside)
    out = tmp_path / "ut"
    code, output = ims(root, "site", "--ut", str(out), "--as-of", "2026-11-22")
    assert code == 2, output
    assert output == (
        "ims: malen templates/site/p/environ kan ikke leses: templates/site/p er en lenke; ims "
        "leser maler bare fra mappen templates/ i postarkivet, aldri gjennom en lenke. Legg "
        "malen selv i templates/site/, eller fjern lenken\n"
    )
    assert SECRET not in (_texts(out) if out.exists() else "")


def test_the_site_does_not_include_a_file_link(
    make_repo: MakeRepo, outside: Path, tmp_path: Path
) -> None:
    root = make_repo()
    _own_base(root, '{% include "miljo.txt" %}')
    (root / "templates" / "site" / "miljo.txt").symlink_to(outside / "environ")
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 2
    assert (
        "malen templates/site/miljo.txt kan ikke leses: templates/site/miljo.txt er en lenke"
        in output
    )
    assert SECRET not in output


def test_templates_that_is_itself_a_link_is_not_read(
    make_repo: MakeRepo, outside: Path, tmp_path: Path
) -> None:
    (outside / "site").mkdir()
    (outside / "site" / "index.html.j2").write_text("{{ 'x' }}" + SECRET, "utf-8")
    root = make_repo()
    (root / "templates").symlink_to(outside)
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 2
    assert "kan ikke leses: templates er en lenke" in output
    assert not (tmp_path / "ut" / "index.html").exists()


def test_a_report_template_does_not_include_through_a_link(
    make_repo: MakeRepo, outside: Path, tmp_path: Path
) -> None:
    root = make_repo({"templates/report/lg.md.j2": '{% include "p/environ" %}\n'})
    (root / "templates" / "report" / "p").symlink_to(outside)
    out = tmp_path / "ut"
    code, output = ims(root, "report", "lg", "--periode", "2026", "--ut", str(out))
    assert code == 2
    assert (
        "malen templates/report/p/environ kan ikke leses: templates/report/p er en lenke" in output
    )
    assert SECRET not in output and not any(out.glob("*.md"))


def test_new_does_not_write_a_file_from_outside_into_a_record(
    make_repo: MakeRepo, outside: Path
) -> None:
    root = make_repo()
    own = root / "templates" / "new"
    own.mkdir(parents=True)
    text = (PROJECT / "templates" / "new" / "avvik.yaml.j2").read_text("utf-8")
    (own / "avvik.yaml.j2").write_text(text + '# {% include "p/environ" %}\n', "utf-8")
    (own / "p").symlink_to(outside)
    before = sorted((root / "records").rglob("*"))
    code, output = ims(
        root,
        "new",
        "avvik",
        "--enhet",
        "OPP-SOL",
        "--tittel",
        "Port",
        "--kategori",
        "hms",
        "--anonym",
    )
    assert code == 2
    assert "malen templates/new/p/environ kan ikke leses: templates/new/p er en lenke" in output
    assert sorted((root / "records").rglob("*")) == before


def test_a_template_that_runs_too_long_is_stopped(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "TIME_BUDGET", 0.5)
    root = make_repo()
    _own_base(
        root, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 2
    assert output.startswith("ims: malen templates/site/base.html.j2 brukte mer enn 0,5 sekunder")
    assert "Traceback" not in output


def test_a_loop_over_one_range_with_no_call_in_it_is_stopped_too(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "TIME_BUDGET", 0.5)
    root = make_repo()
    _own_base(
        root,
        "{% set r = range(100000) %}{% for i in r %}{% for j in r %}{% for k in r %}"
        "{% endfor %}{% endfor %}{% endfor %}",
    )
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 2
    assert "brukte mer enn 0,5 sekunder" in output


@pytest.mark.parametrize(
    "expression", ["'x' * 1000000000", "[1] * 1000000000", "9 ** 999999999", "range(10 ** 9)"]
)
def test_a_template_that_writes_too_much_is_stopped(
    make_repo: MakeRepo, tmp_path: Path, expression: str
) -> None:
    root = make_repo()
    _own_base(root, "{{ " + expression + " }}")
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 2, output
    assert output.startswith("ims: malen templates/site/base.html.j2 lager for mye tekst")


def test_output_past_the_budget_is_stopped(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "OUTPUT_BUDGET", 100_000)
    root = make_repo()
    _own_base(root, "{% for i in range(100000) %}{{ i }}{% endfor %}")
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 2
    assert output.startswith("ims: malen templates/site/index.html.j2 lager for mye tekst")


def test_the_shipped_templates_and_a_repository_copy_still_work(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo()
    shutil.copytree(PROJECT / "templates" / "site", root / "templates" / "site")
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 0, output
    assert (tmp_path / "ut" / "index.html").is_file()
    assert os.path.getsize(tmp_path / "ut" / "index.html") > 1000


def test_a_loop_over_a_plain_list_is_stopped_by_the_clock(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "TIME_BUDGET", 0.5)
    root = make_repo()
    _own_base(
        root,
        "{% set r = [0] * 50000 %}{% for i in r %}{% for j in r %}{% for k in r %}"
        "{% endfor %}{% endfor %}{% endfor %}",
    )
    code, output = ims(root, "site", "--ut", str(tmp_path / "ut"), "--as-of", "2026-11-22")
    assert code == 2
    assert "brukte mer enn 0,5 sekunder og ble stoppet" in output
