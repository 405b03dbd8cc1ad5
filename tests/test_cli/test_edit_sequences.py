"""Every edit command, in any order and number, on the records ims itself writes: `ims new` of
every kind from the templates as shipped, and `ims init --eksempel`. Never a crash (exit 3), the
record still valid, the comments the user wrote kept, and the edit in the file; a refused edit
(exit 2) leaves the file as it was.

The repository is built once for the module and copied for each example.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ims_cli.analytics.dates import add_months
from ims_cli.cli.app import app
from ims_cli.models.vocabulary import DEFAULT
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store.load import read_file

runner = CliRunner()
TODAY = date.today()
EARLIER = TODAY - timedelta(days=60)
LIMIT = 10  # tiltak_kreves_over in the ims.yaml `ims init` writes
USER_COMMENT = "# Gjennomgått av kvalitetsrådgiveren; spør før dere endrer."

NEW = {
    "avvik": [
        *("--enhet", "OPP-SOLSTRAND", "--tittel", "Port stod åpen", "--kategori", "hms"),
        *("--anonym", "--dato", EARLIER.isoformat()),
    ],
    "ros": [
        *("--enhet", "OPP-SOLSTRAND", "--tittel", "HMS i barnehagen", "--omrade", "hms"),
        *("--ansvarlig", "liv.berg", "--dato", EARLIER.isoformat()),
    ],
    "lederavtale": [
        *("--enhet", "OPP", "--leder", "ola.hansen", "--overordnet", "kari.nordmann"),
        *("--aar", str(TODAY.year)),
    ],
    "revisjon": [
        *("--enhet", "OPP-SOLSTRAND", "--tittel", "Tilsyn med barnehagen", "--type", "tilsyn"),
        *("--planlagt", EARLIER.isoformat()),
    ],
    "lg": ["--enhet", "OPP-SOLSTRAND", "--dato", EARLIER.isoformat()],
    "egenvurdering": ["--enhet", "OPP", "--dato", EARLIER.isoformat()],
    "prosess": ["--id", "2", "--tittel", "Opptak", "--eier", "ola.hansen", "--enhet", "OPP"],
}
# A revisjon's funn as an auditor's report gives them; a new one has none.
FUNN = f"""gjennomfort: {EARLIER + timedelta(days=1)}
funn:
  # fra rapporten
  - id: F1
    type: avvik
    beskrivelse: Legemiddellisten var ikke signert
  - {{id: F2, type: forbedring, beskrivelse: Bedre oversikt over vikarer}}
  - id: F3
    type: merknad
    beskrivelse: Godt samarbeid med foresatte
"""


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def fill_in(path: Path) -> None:
    """What the user does next: the placeholders written, a revisjon's funn added, and a comment
    of their own at the end."""
    text = path.read_text("utf-8").replace("<fyll inn> ", "")
    if path.parent.name == "revisjoner":
        text = text.replace("gjennomfort: null\n", "").replace("funn: []\n", FUNN)
    path.write_text(f"{text}{USER_COMMENT}\n", "utf-8")


@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    path: str


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Record]]:
    """`ims init --eksempel`, then one `ims new` of each kind, all filled in; by name («ny AVV»,
    «eksempel ROS» …)."""
    root = tmp_path_factory.mktemp("skrevet") / "repo"
    assert runner.invoke(app, ["init", str(root), "--eksempel"]).exit_code == 0
    made = set()
    for kind, args in NEW.items():
        code, output = ims(root, "new", kind, *args)
        assert code == 0, output
        made.add(output.splitlines()[0].removeprefix("Skrev "))
    records: dict[str, Record] = {}
    for path in sorted((root / "records").rglob("*.*")):
        relative = path.relative_to(root).as_posix()
        front = path.read_text("utf-8").removeprefix("---\n").split("\n---", 1)[0]
        record_id = yaml.safe_load(front).get("id")
        if record_id:
            fill_in(path)
            kind = record_id.split("-")[0]
            records[f"{'ny' if relative in made else 'eksempel'} {kind}"] = Record(
                record_id, kind, relative
            )
    code, output = ims(root, "validate")
    assert code == 0, output
    return root, records


# ------------------------------------------------------------------ what a record holds now


def tiltak_of(data: dict[str, Any], kind: str) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    """Each tiltak with the list it stands in (and, for a ROS, its risk through `risk_of`)."""
    if kind == "ROS":
        lists = [r.get("tiltak") or [] for r in data["risikoer"]]
    elif kind == "EV":
        lists = [a.get("tiltak") or [] for a in data["omrader"]]
    elif kind == "LG":
        lists = [data.get("beslutninger") or []]
    else:
        lists = [data.get("tiltak") or []]
    for entries in lists:
        for entry in entries:
            yield entry, entries


def risk_of(data: dict[str, Any], tiltak_id: str) -> dict[str, Any]:
    return next(r for r in data["risikoer"] if any(t["id"] == tiltak_id for t in r["tiltak"]))


def needs_tiltak(risk: dict[str, Any], sannsynlighet: int, konsekvens: int) -> bool:
    return sannsynlighet * konsekvens > LIMIT or bool(risk.get("lovbrudd"))


def active(entries: list[Any], leaving: str | None = None) -> list[Any]:
    return [t for t in entries if t.get("status") != "avbrutt" and t["id"] != leaving]


OPEN = ("planlagt", "pagar")


@dataclass(frozen=True)
class Step:
    """One command, whether ims must take it (else it must refuse it, exit 2), and what the
    record must then hold."""

    args: tuple[str, ...]
    taken: bool
    holds: Callable[[dict[str, Any]], bool]


def _find(data: dict[str, Any], kind: str, tiltak_id: str) -> dict[str, Any]:
    return next(t for t, _ in tiltak_of(data, kind) if t["id"] == tiltak_id)


TEXTS = st.sampled_from(
    ["Ny rutine", "Rutine: nattevakt", "Sjekk # ikke en kommentar", "«Sitat» og 'enkle'", "Ærlig"]
)
PASSED = st.integers(0, 10).map(lambda n: TODAY - timedelta(days=n))
AHEAD = st.integers(1, 400).map(lambda n: TODAY + timedelta(days=n))


def _add(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step:
    where: list[tuple[str, ...]] = [(record.id,)]
    if record.kind == "ROS":
        where = [(f"{record.id}/{r['id']}",) for r in data["risikoer"]]
        where += [(record.id, "--risiko", r["id"]) for r in data["risikoer"]]
    elif record.kind == "EV":
        where = [(f"{record.id}/{a['omrade']}",) for a in data["omrader"]]
        where += [(record.id, "--omrade", a["omrade"]) for a in data["omrader"]]
    text, frist = draw(TEXTS), draw(AHEAD)
    person = draw(st.sampled_from(["liv.berg", "Ola Hansen"]))
    args = (
        *("tiltak", "add", *draw(st.sampled_from(where)), "--beskrivelse", text),
        *("--ansvarlig", person, "--frist", frist.isoformat()),
    )
    closed = record.kind == "AVV" and data["status"] == "lukket"  # B014: open tiltak
    taken_ids = {t["id"] for t, _ in tiltak_of(data, record.kind)}
    number = next(n for n in range(1, len(taken_ids) + 2) if f"T{n}" not in taken_ids)

    def holds(after: dict[str, Any]) -> bool:
        new = _find(after, record.kind, f"T{number}")
        return (new["beskrivelse"], new["frist"], new["status"]) == (text, frist, "planlagt")

    return Step(args, not closed, holds)


def _done(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step | None:
    choices = [t for t, _ in tiltak_of(data, record.kind) if t.get("status") in (*OPEN, "fullfort")]
    if not choices:
        return None
    tiltak = draw(st.sampled_from(choices))
    ref = f"{record.id}/{tiltak['id']}"
    evaluering = draw(st.none() | TEXTS)
    if tiltak["status"] == "fullfort":
        if evaluering is None:
            return None  # refused with a reason, tried in test_editing_safety
        args: tuple[str, ...] = ("tiltak", "done", ref, "--evaluering", evaluering)
        return Step(
            args, True, lambda a: _find(a, record.kind, tiltak["id"])["evaluering"] == evaluering
        )
    when = draw(PASSED)
    args = ("tiltak", "done", ref, "--dato", when.isoformat())
    args += ("--evaluering", evaluering) if evaluering else ()

    def holds(after: dict[str, Any]) -> bool:
        done = _find(after, record.kind, tiltak["id"])
        return (done["status"], done["fullfort"], done.get("evaluering")) == (
            "fullfort",
            when,
            evaluering,
        )

    return Step(args, True, holds)


def _evaluate(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step | None:
    choices = [t for t, _ in tiltak_of(data, record.kind) if t["status"] == "fullfort"]
    if not choices:
        return None
    tiltak, text = draw(st.sampled_from(choices)), draw(TEXTS)
    args = ("tiltak", "evaluer", f"{record.id}/{tiltak['id']}", "--evaluering", text)
    return Step(args, True, lambda a: _find(a, record.kind, tiltak["id"])["evaluering"] == text)


def _cancel(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step | None:
    choices = [(t, entries) for t, entries in tiltak_of(data, record.kind) if t["status"] in OPEN]
    if not choices:
        return None
    tiltak, entries = draw(st.sampled_from(choices))
    why, when = draw(TEXTS), draw(PASSED)
    args = ("tiltak", "avbryt", f"{record.id}/{tiltak['id']}", "--begrunnelse", why)
    args += ("--dato", when.isoformat())
    taken = True
    if record.kind == "ROS":  # B006: the last tiltak of a risk that needs one stays
        risk = risk_of(data, tiltak["id"])
        needed = needs_tiltak(risk, risk["sannsynlighet"], risk["konsekvens"])
        taken = not (needed and not active(entries, leaving=tiltak["id"]))

    def holds(after: dict[str, Any]) -> bool:
        cancelled = _find(after, record.kind, tiltak["id"])
        return cancelled["status"] == "avbrutt" and cancelled["avbrutt"] == {
            "dato": when,
            "begrunnelse": why,
        }

    return Step(args, taken, holds)


def _move(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step | None:
    choices = [t for t, _ in tiltak_of(data, record.kind) if t["status"] in OPEN]
    if not choices:
        return None
    tiltak, frist, why = draw(st.sampled_from(choices)), draw(AHEAD), draw(TEXTS)
    args = ("tiltak", "move", f"{record.id}/{tiltak['id']}", "--frist", frist.isoformat())
    args += ("--begrunnelse", why)

    def holds(after: dict[str, Any]) -> bool:
        moved = _find(after, record.kind, tiltak["id"])
        last = moved["fristendringer"][-1]
        return moved["frist"] == frist and (last["fra"], last["til"]) == (tiltak["frist"], frist)

    return Step(args, frist != tiltak["frist"], holds)


def _status(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step | None:
    status = draw(st.sampled_from(["meldt", "under_behandling", "tiltak_iverksatt", "lukket"]))
    rotarsak = draw(st.none() | TEXTS)
    args = ("avvik", "status", record.id, status, *(("--rotarsak", rotarsak) if rotarsak else ()))
    still_open = any(t["status"] in OPEN for t, _ in tiltak_of(data, record.kind))

    def holds(after: dict[str, Any]) -> bool:
        cause = (after.get("arsaksanalyse") or {}).get("rotarsak")
        closed = after.get("lukket") == TODAY if status == "lukket" else after.get("lukket") is None
        return after["status"] == status and closed and (rotarsak is None or cause == rotarsak)

    return Step(args, not (status == "lukket" and still_open), holds)


def _rescore(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step:
    index = draw(st.integers(0, len(data["risikoer"]) - 1))
    risk = data["risikoer"][index]
    sannsynlighet, konsekvens = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    after_tiltak = draw(st.booleans())
    args = ("ros", "vurder", f"{record.id}/{risk['id']}")
    args += ("--sannsynlighet", str(sannsynlighet), "--konsekvens", str(konsekvens))
    args += ("--etter",) if after_tiltak else ()
    needed = not after_tiltak and needs_tiltak(risk, sannsynlighet, konsekvens)
    taken = not (needed and not active(risk.get("tiltak") or []))

    def holds(after: dict[str, Any]) -> bool:
        scored = after["risikoer"][index]
        scored = scored["restrisiko"] if after_tiltak else scored
        return (scored["sannsynlighet"], scored["konsekvens"], after["dato"]) == (
            sannsynlighet,
            konsekvens,
            TODAY,
        )

    return Step(args, taken, holds)


def _evaluated(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step | None:
    if data["dato"] >= TODAY:
        return None  # nothing to evaluate after today
    when = draw(
        st.integers(1, (TODAY - data["dato"]).days).map(lambda n: data["dato"] + timedelta(n))
    )
    following = draw(st.none() | AHEAD.map(lambda d: d + timedelta(days=10)))
    args = ("ros", "evaluert", record.id, "--dato", when.isoformat())
    args += ("--neste", following.isoformat()) if following else ()
    expected = following or add_months(when, 12)

    def holds(after: dict[str, Any]) -> bool:
        return (after["dato"], after["neste_evaluering"]) == (when, expected)

    return Step(args, True, holds)


def _dialog(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step:
    when, referat = draw(PASSED), draw(st.none() | TEXTS)
    args = ("lederavtale", "dialog", record.id, "--dato", when.isoformat())
    args += ("--referat", referat) if referat else ()
    held = {d["dato"] for d in data.get("lederdialog") or []}

    def holds(after: dict[str, Any]) -> bool:
        return {"dato": when, **({"referat": referat} if referat else {})} in after["lederdialog"]

    return Step(args, when not in held, holds)


def _result(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step:
    year = data["aar"]
    periode = draw(st.sampled_from([f"{year}", f"{year}-1", f"{year}-2", f"{year}-T2"]))
    verdi = draw(st.sampled_from([4, 4.5, 5.25, 0]))
    goal = data["mal"][0]["id"]
    args = ("lederavtale", "resultat", f"{record.id}/{goal}", "--periode", periode)
    args += ("--verdi", str(verdi))

    def holds(after: dict[str, Any]) -> bool:
        given = [r for r in after["mal"][0]["resultater"] if r["periode"] == periode]
        return [r["verdi"] for r in given] == [verdi]

    return Step(args, True, holds)


def _sign(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step:
    who, when = draw(st.sampled_from(["leder", "overordnet"])), draw(PASSED)
    args = ("lederavtale", "signer", record.id, f"--{who}", "--dato", when.isoformat())
    before = (data.get("signert") or {}).get(who)
    return Step(args, before in (None, when), lambda a: a["signert"][who] == when)


def _finding(draw: st.DrawFn, record: Record, data: dict[str, Any]) -> Step | None:
    if not data.get("funn"):
        return None
    funn = draw(st.sampled_from(data["funn"]))
    kategori = draw(st.sampled_from(["tjenestekvalitet", "hms"]))
    args = ("revisjon", "avvik", f"{record.id}/{funn['id']}", "--kategori", kategori)
    taken = not funn.get("avvik") and funn["type"] != "merknad"

    def holds(after: dict[str, Any]) -> bool:
        linked = next(f for f in after["funn"] if f["id"] == funn["id"])
        meldt = EARLIER + timedelta(days=1)  # the day the audit was carried out
        return str(linked.get("avvik", "")).startswith(f"AVV-{meldt.year}-")

    return Step(args, taken, holds)


Maker = Callable[[st.DrawFn, Record, dict[str, Any]], Step | None]
TILTAK: list[Maker] = [_add, _done, _evaluate, _cancel, _move]
# Every edit command that applies to each kind.
COMMANDS: dict[str, list[Maker]] = {
    "AVV": [*TILTAK, _status],
    "ROS": [*TILTAK, _rescore, _evaluated],
    "LA": [*TILTAK, _dialog, _result, _sign],
    "LG": TILTAK,
    "EV": TILTAK,
    "REV": [_finding],
}


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


def _check_step(root: Path, record: Record, step: Step, before: str) -> None:
    code, output = ims(root, *step.args)
    after = (root / record.path).read_text("utf-8")
    assert code == (0 if step.taken else 2), (step.args, output, before)
    if not step.taken:
        assert after == before, step.args
        return
    assert comments(after) == comments(before), (step.args, before, after)
    read = read_file(record.path, after.encode("utf-8"), VALIDATOR, vocabulary=DEFAULT)
    assert [f for f in read.findings if f.severity == "feil"] == [], (step.args, after)
    assert step.holds(yaml.safe_load(after)), (step.args, after)


@st.composite
def steps(draw: st.DrawFn, maker: Maker, record: Record, data: dict[str, Any]) -> Step | None:
    return maker(draw, record, data)


RECORDS = [f"ny {kind}" for kind in COMMANDS] + [
    f"eksempel {kind}" for kind in COMMANDS if kind != "EV"
]


@pytest.mark.parametrize("name", RECORDS)
@settings(
    max_examples=6,
    deadline=None,
    # each example runs several commands: a failure is reported with the command and the file,
    # not shrunk (shrinking would run hundreds of them)
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_sequence_of_edits_keeps_the_record_valid_and_the_comments(
    written: tuple[Path, dict[str, Record]],
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    data: st.DataObject,
) -> None:
    base, records = written
    record = records[name]
    root = tmp_path_factory.mktemp("kopi") / "repo"
    shutil.copytree(base, root)
    for _ in range(data.draw(st.integers(1, 6), label="steps")):
        text = (root / record.path).read_text("utf-8")
        current = yaml.safe_load(text)
        # the first command, in an order drawn, that applies to the record as it is now
        for maker in data.draw(st.permutations(COMMANDS[record.kind]), label="order"):
            step = data.draw(steps(maker, record, current))
            if step is not None:
                event(f"{' '.join(step.args[:2])} {'tatt' if step.taken else 'avvist'}")
                _check_step(root, record, step, text)
                break
    assert USER_COMMENT in (root / record.path).read_text("utf-8")
    code, output = ims(root, "validate")
    assert code == 0, output


@pytest.mark.parametrize("kind", ["avvik", "ros"])
def test_tiltak_added_twice_to_a_new_record_and_completed(
    written: tuple[Path, dict[str, Record]], tmp_path: Path, kind: str
) -> None:
    """The issue's own steps: `ims new`, filled in, two `ims tiltak add`, `ims tiltak done`."""
    base, records = written
    record = records[f"ny {kind[:3].upper()}"]
    root = tmp_path / "repo"
    shutil.copytree(base, root)
    post = f"{record.id}/R1" if kind == "ros" else record.id
    for number in (1, 2, 3):
        code, output = ims(
            root,
            *("tiltak", "add", post, "--beskrivelse", f"Tiltak {number}"),
            *("--ansvarlig", "liv.berg", "--frist", (TODAY + timedelta(days=30)).isoformat()),
        )
        assert code == 0, output
        code, output = ims(root, "tiltak", "done", f"{record.id}/T{number}")
        assert code == 0, output
    text = (root / record.path).read_text("utf-8")
    original = (base / record.path).read_text("utf-8")
    assert comments(text) == comments(original)
    assert ims(root, "validate")[0] == 0
