"""Text of a graded record is never shown because it looks like a code: a fortrolig tiltak
described in one word (`politianmeldelse`, `HIV`) stays hidden in every output that reaches
further than the file — `check` in every format, `varsel`, `diff` and `log`. Codes come from the
schema (enumerations, ids, dates), not from how a word looks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo
from tests.gitrepo import History

runner = CliRunner()
AVVIK = "records/avvik/AVV-2026-0101.yaml"


def graded(word: str, gradering: str = "fortrolig") -> str:
    return f"""id: AVV-2026-0101
type: avvik
tittel: {word}
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
gradering: {gradering}
status: meldt
tiltak:
  - id: T1
    beskrivelse: {word}
    ansvarlig: liv.berg
    frist: 2026-04-01
    status: pagar
"""


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


WORDS = ["politianmeldelse", "HIV", "ABC-123"]


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("output_format", ["text", "json", "github", "junit", "md", "codeclimate"])
def test_check_hides_a_one_word_tiltak(make_repo: MakeRepo, word: str, output_format: str) -> None:
    root = make_repo({AVVIK: graded(word)})
    code, output = ims(root, "check", "--as-of", "2026-11-22", "--format", output_format)
    assert code == 1
    assert "AVV-2026-0101/T1" in output  # still reported, by its reference
    assert word not in output


@pytest.mark.parametrize("word", WORDS)
def test_varsel_hides_a_one_word_tiltak(make_repo: MakeRepo, tmp_path: Path, word: str) -> None:
    root = make_repo({AVVIK: graded(word)})
    org = root / "records/organisasjon.yaml"
    org.write_text(org.read_text().replace("id: liv.berg,", "id: liv.berg, epost: liv@x.example,"))
    code, output = ims(root, "varsel", "--as-of", "2026-11-22", "--ut", str(tmp_path / "ut"))
    assert code == 0, output
    written = {p.suffix: p.read_text("utf-8") for p in (tmp_path / "ut").iterdir()}
    assert set(written) == {".md", ".eml"}
    for text in written.values():
        assert "AVV-2026-0101/T1" in text and "(gradert)" in text
        assert word not in text


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("gradering", ["fortrolig", "strengt-fortrolig", "fortrolg"])
def test_diff_and_log_hide_a_one_word_tiltak(
    make_repo: MakeRepo, word: str, gradering: str
) -> None:
    history = History(make_repo())
    history.commit({AVVIK: graded(word, gradering)}, "Nytt avvik")
    history.commit({AVVIK: graded(word, gradering).replace("2026-04-01", "2026-05-01")}, "Frist")
    for output_format in ("text", "md", "json"):
        _, output = ims(history.root, "diff", "HEAD~2..HEAD", "--format", output_format)
        assert "AVV-2026-0101" in output
        assert word not in output, (output_format, output)
    for json_flag in ((), ("--json",)):
        code, output = ims(history.root, "log", "AVV-2026-0101", *json_flag)
        assert code == 0, output
        assert word not in output


def test_codes_of_a_graded_record_are_still_shown(make_repo: MakeRepo) -> None:
    """The schema's codes and dates of a graded record are not its text: a reviewer sees them."""
    history = History(make_repo())
    history.commit({AVVIK: graded("HIV")}, "Nytt avvik")
    changed = graded("HIV").replace("status: pagar", "status: fullfort\n    fullfort: 2026-04-02")
    history.commit({AVVIK: changed}, "Fullført")
    _, output = ims(history.root, "diff", "HEAD~1..HEAD")
    assert "Tiltak T1 lukket: fullført 02.04.2026" in output
    _, output = ims(history.root, "diff", "HEAD~2..HEAD~1")
    assert "- Type: avvik" in output and "- Status: meldt" in output
    assert "- Enhet: Solstrand barnehage" in output


@pytest.mark.parametrize("word", WORDS)
def test_validate_does_not_quote_a_value_the_schema_refused(make_repo: MakeRepo, word: str) -> None:
    """A value in the wrong place is no code of the schema: `alvorlighet: HIV` is text."""
    record = graded(word).replace("kategori: hms", f"kategori: hms\nalvorlighet: {word}")
    record = record.replace("frist: 2026-04-01", f"frist: {word}")
    root = make_repo({AVVIK: record})
    for args in ((), ("--json",), ("--format", "github")):
        code, output = ims(root, "validate", *args)
        assert code == 1
        assert "S003" in output and "S004" in output
        assert word not in output, output


def test_validate_still_quotes_the_value_of_an_ungraded_record(make_repo: MakeRepo) -> None:
    record = graded("HIV", "intern").replace("kategori: hms", "kategori: hms\nalvorlighet: HIV")
    code, output = ims(make_repo({AVVIK: record}), "validate")
    assert code == 1
    assert "«alvorlighet» må være et heltall, ikke «HIV»" in output
