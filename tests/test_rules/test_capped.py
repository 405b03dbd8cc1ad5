"""The findings of one file capped: the first shown, the rest counted by severity."""

from __future__ import annotations

from ims_cli.findings import Finding, count
from ims_cli.render.findings import summary
from ims_cli.rules.run import MAX_PER_FILE, capped


def _finding(file: str, line: int, severity: str = "feil") -> Finding:
    code = "S003" if severity == "feil" else "B005"
    return Finding(code, severity, file, "x", f"AVV-2026-0001/T{line}", line, 3)  # type: ignore[arg-type]


def test_the_rest_is_one_line_per_severity_where_the_first_not_shown_stands() -> None:
    many = [_finding("a.yaml", n, "advarsel" if n % 4 == 0 else "feil") for n in range(1, 16051)]
    shown = capped([*many, _finding("b.yaml", 1)])
    a = [f for f in shown if f.file == "a.yaml"]
    assert a[:MAX_PER_FILE] == many[:MAX_PER_FILE]
    errors, warnings = a[MAX_PER_FILE:]
    assert (errors.code, errors.severity, errors.line, errors.ref) == (
        "Y011",
        "feil",
        101,
        "AVV-2026-0001",
    )
    assert errors.message.startswith("… og 11\u00a0963 feil til i denne filen, den neste her")
    assert (warnings.severity, warnings.line) == ("advarsel", 104)
    assert warnings.message.startswith("… og 3987 advarsler til i denne filen")
    assert [f.file for f in shown[-1:]] == ["b.yaml"]
    assert (count(shown, "feil"), count(shown, "advarsel")) == (12_038 + 1, 4012)
    assert summary(shown, 2) == "2 poster sjekket: 12\u00a0039 feil, 4012 advarsler."


def test_a_file_at_the_cap_is_shown_whole() -> None:
    whole = [_finding("a.yaml", n) for n in range(1, MAX_PER_FILE + 1)]
    assert capped(whole) == whole
    assert len(capped([*whole, _finding("a.yaml", 999)])) == MAX_PER_FILE + 1
