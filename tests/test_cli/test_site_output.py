"""`ims site` owns its folder: a build removes what it no longer writes, the search index too
(rebuilt from only what this build wrote), and one audience's site is never written over
another's."""

from __future__ import annotations

import gzip
from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo
from tests.test_cli.test_site import PROCESS

runner = CliRunner()
DAY = "2026-11-22"


def site(root: Path, out: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["--repo", str(root), "site", "--ut", str(out), "--as-of", DAY, *args]
    )
    return result.exit_code, result.output


def searchable(out: Path) -> str:
    """Everything the search index holds, unpacked."""
    texts = []
    for path in (out / "pagefind").rglob("*"):
        if path.is_file() and path.suffix in (".pf_fragment", ".pf_index", ".pf_meta"):
            texts.append(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(texts)


def test_a_record_graded_after_a_build_leaves_nothing_in_the_index(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo({"records/prosesser/2-opptak.md": PROCESS})
    out = tmp_path / "nettsted"
    assert site(root, out)[0] == 0
    assert "Søknader behandles" in searchable(out)
    process = root / "records/prosesser/2-opptak.md"
    process.write_text(PROCESS.replace("gradering: intern", "gradering: fortrolig"), "utf-8")
    assert site(root, out)[0] == 0
    assert "Søknader behandles" not in searchable(out)
    assert "Opptak i barnehagen" not in searchable(out)


def test_a_build_removes_every_file_it_no_longer_writes(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo()
    out = tmp_path / "nettsted"
    assert site(root, out)[0] == 0
    (out / "gammel-side.html").write_text("<p>Hemmelig</p>", "utf-8")
    (out / "lovkrav" / "gammel").mkdir(parents=True)
    (out / "lovkrav" / "gammel" / "x.html").write_text("<p>Hemmelig</p>", "utf-8")
    code, output = site(root, out)
    assert code == 0, output
    assert output.endswith("; fjernet 2 sider.\n")
    assert not (out / "gammel-side.html").exists() and not (out / "lovkrav").exists()
    assert "Hemmelig" not in searchable(out)


def test_one_audience_is_never_written_over_another(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"records/prosesser/2-opptak.md": PROCESS})
    out = tmp_path / "nettsted"
    assert site(root, out)[0] == 0
    code, output = site(root, out, "--publikum", "apen")
    assert code == 2
    assert output == (
        f"ims: {out} har nettstedet for publikum intern (står i {out}/.ims-nettsted); lag "
        "nettstedet for publikum apen i en egen mappe med --ut, eller slett mappen først\n"
    )
    assert "Søknader behandles" in searchable(out)  # left as it was
    public = tmp_path / "apen"
    assert site(root, public, "--publikum", "apen")[0] == 0
    assert "Søknader behandles" not in searchable(public)
    assert (public / ".ims-nettsted").read_text("utf-8") == "publikum: apen\n"


def test_a_folder_with_other_files_is_not_taken(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    out = tmp_path / "mine-filer"
    out.mkdir()
    (out / "notat.txt").write_text("mitt", "utf-8")
    code, output = site(root, out)
    assert code == 2
    assert output == (
        f"ims: {out} har filer som ikke er fra «ims site» (som notat.txt); velg en tom mappe "
        "med --ut, så sletter ikke ims noe av ditt\n"
    )
    assert (out / "notat.txt").read_text("utf-8") == "mitt"
