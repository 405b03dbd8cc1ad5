#!/usr/bin/env python3
"""Write a synthetic records repository of realistic shape and size, for benchmarks.

    python bench/generate.py bench/data/stor --avvik 100000 --ros 5000 --prosesser 2000 \\
        --lederavtaler 1000

The default sizes are PRODUCT.md's ten years of a large municipality. Deterministic for a seed.
Every file is valid, so the benchmark measures the normal case: a repository that checks clean.
Work is done the way a municipality does it: what is more than half a year past its frist
(SEEN is the day the benchmark checks) is nearly all done, what is recent is mixed, so
`ims check` finds a few thousand late deadlines rather than every second tiltak of ten years.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pyrage

SEEN = date(2026, 11, 22)  # the --as-of of bench/run.py
SETTLED = SEEN - timedelta(days=180)  # a tiltak with an older frist is done, with few exceptions

AREAS = ["tjenesteleveranse", "hms", "beredskap", "informasjonssikkerhet"]
CATEGORIES = [
    "hms",
    "informasjonssikkerhet",
    "personvern",
    "tjenestekvalitet",
    "miljo",
    "beredskap",
]
TYPES = ["avvik"] * 6 + ["uonsket_hendelse"] * 2 + ["forbedringsforslag", "tilsynsfunn"]
WORDS = (
    "rutine opplæring signering legemiddel vikar natt tilsyn brukere foresatte elever tilgang "
    "fagsystem ventetid vedtak turnus sykefravær kjøreliste dokumentasjon journal avtale"
).split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def organisation(virksomheter: int) -> tuple[str, list[str], list[str]]:
    """organisasjon.yaml with 10 tjenesteområder, N virksomheter and three avdelinger each."""
    lines = ["enheter:", "  - {id: KD, navn: Kommunedirektøren, niva: kommune, leder: p0}"]
    people = ["p0"]
    units = []
    for t in range(10):
        people.append(f"p{len(people)}")
        lines.append(
            f"  - {{id: TO{t}, navn: Tjenesteområde {t}, niva: tjenesteomrade, overordnet: KD, "
            f"leder: {people[-1]}}}"
        )
    for v in range(virksomheter):
        people.append(f"p{len(people)}")
        unit = f"V{v:03d}"
        units.append(unit)
        lines.append(
            f"  - {{id: {unit}, navn: Virksomhet {v}, niva: virksomhet, overordnet: TO{v % 10}, "
            f"leder: {people[-1]}}}"
        )
        for a in range(3):
            people.append(f"p{len(people)}")
            lines.append(
                f"  - {{id: {unit}-A{a}, navn: Avdeling {a}, niva: avdeling, overordnet: {unit}, "
                f"leder: {people[-1]}}}"
            )
    lines.append("personer:")
    lines += [f"  - {{id: {p}, navn: Person {p[1:]}}}" for p in people]
    return "\n".join(lines) + "\n", units, people


def tiltak(
    rng: random.Random,
    tid: str,
    people: list[str],
    start: date,
    indent: str,
    *,
    settled: bool = False,
) -> str:
    """One tiltak; `settled`: of a closed avvik, so fullført (B014)."""
    frist = start + timedelta(days=rng.randint(14, 200))
    if settled:
        status = "fullfort"
    elif frist < SETTLED:
        status = rng.choices(["fullfort", "pagar"], [98, 2])[0]
    else:
        status = rng.choice(["planlagt", "pagar", "fullfort", "fullfort"])
    text = (
        f"{indent}- id: {tid}\n{indent}  beskrivelse: {sentence(rng, 6)}\n"
        f"{indent}  type: korrigerende\n{indent}  ansvarlig: {rng.choice(people)}\n"
        f"{indent}  frist: {frist}\n{indent}  status: {status}\n"
    )
    if status == "fullfort":
        text += f"{indent}  fullfort: {frist}\n{indent}  evaluering: {sentence(rng, 5)}\n"
    return text


def avvik(rng: random.Random, number: int, year: int, units: list[str], people: list[str]) -> str:
    meldt = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    closed = rng.random() < (0.99 if meldt < SEEN - timedelta(days=365) else 0.8)
    kind, title = rng.choice(TYPES), sentence(rng, 5)
    described = f"  {sentence(rng, 14)}.\n  {sentence(rng, 10)}.\n"
    reporter, unit, kategori = rng.choice(people), rng.choice(units), rng.choice(CATEGORIES)
    text = (
        f"id: AVV-{year}-{number:05d}\ntype: {kind}\ntittel: {title}\n"
        f"beskrivelse: |\n{described}"
        f"meldt: {meldt}\nmeldt_av: {reporter}\nkilde: ansatt\n"
        f"enhet: {unit}\nkategori: {kategori}\n"
        f"alvorlighet: {rng.randint(1, 5)}\ngradering: intern\n"
        f"status: {'lukket' if closed else 'under_behandling'}\n"
        f"arsaksanalyse:\n  rotarsak: {sentence(rng, 7)}\n  metode: fem_hvorfor\n"
    )
    # the blocks the law asks of these (B019, B020): assessed, no breach reported, nobody hurt
    if kategori == "personvern":
        text += (
            f"personvern:\n  brudd: nei\n  oppdaget: {meldt}\n  risiko: lav\n"
            "  begrunnelse: Ingen personopplysninger kom på avveie\n"
        )
    if kategori == "hms" and kind == "uonsket_hendelse":
        text += "hms:\n  personskade: ingen\n  vold_og_trusler: false\n"
    count = rng.choice([0, 1, 1, 2])
    text += "tiltak:\n" if count else "tiltak: []\n"
    for t in range(count):
        text += tiltak(rng, f"T{t + 1}", people, meldt, "  ", settled=closed)
    later = meldt + timedelta(days=rng.randint(0, 60))
    return text + (f"lukket: {max(later, meldt)}\n" if closed else "lukket: null\n")


def ros(rng: random.Random, number: int, year: int, units: list[str], people: list[str]) -> str:
    dato = date(year, 1, 1) + timedelta(days=rng.randint(0, 300))
    text = (
        f"id: ROS-{year}-{number:04d}\ntittel: {sentence(rng, 4)}\nomrade: {rng.choice(AREAS)}\n"
        f"enhet: {rng.choice(units)}\nansvarlig: {rng.choice(people)}\n"
        f"deltakere: [{rng.choice(people)}, {rng.choice(people)}]\ndato: {dato}\n"
        f"neste_evaluering: {dato + timedelta(days=365)}\ngradering: intern\nrisikoer:\n"
    )
    for r in range(rng.randint(5, 10)):
        s, k = rng.randint(1, 5), rng.randint(1, 5)
        text += (
            f"  - id: R{r + 1}\n    aspekt: {sentence(rng, 3)}\n    trussel: {sentence(rng, 12)}\n"
            f"    sannsynlighet: {s}\n    konsekvens: {{liv_og_helse: {k}, okonomi: "
            f"{rng.randint(1, k)}}}\n    kunnskapsstyrke: middels\n"
        )
        text += "    tiltak:\n" + tiltak(rng, f"T{r + 1}", people, dato, "      ")
        text += f"    restrisiko: {{sannsynlighet: {max(1, s - 1)}, konsekvens: {k}}}\n"
    return text


def prosess(rng: random.Random, number: int, people: list[str]) -> str:
    godkjent = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    owner = rng.choice(people)
    body = "\n".join(f"{i}. {sentence(rng, 12)}." for i in range(1, 12))
    return (
        f"---\nid: PRO-{number // 100}.{number % 100}\ntittel: {sentence(rng, 3)}\n"
        f"type: hovedprosess\neier: {owner}\nversjon: 2\ngodkjent_av: {owner}\n"
        f"godkjent: {godkjent}\nneste_revisjon: {godkjent + timedelta(days=730)}\n"
        f"aktiviteter:\n  - {{id: A1, navn: {sentence(rng, 3)}, ansvar: Leder}}\n"
        f"endringslogg:\n  - {{versjon: 2, dato: {godkjent}, av: {owner}, "
        f"beskrivelse: {sentence(rng, 4)}}}\n---\n# Formål\n\n{sentence(rng, 20)}.\n\n"
        f"# Beskrivelse\n\n{body}\n"
    )


def lederavtale(rng: random.Random, number: int, year: int, unit: str, people: list[str]) -> str:
    text = (
        f"id: LA-{year}-{number:04d}\naar: {year}\nenhet: {unit}\nleder: {rng.choice(people)}\n"
        f"overordnet: {rng.choice(people)}\nsignert: {{leder: {year}-01-10, overordnet: "
        f"{year}-01-15}}\nrammer: {{budsjett_nok: {rng.randint(5, 80) * 1_000_000}, "
        f"arsverk: {rng.randint(5, 120)}}}\nmal:\n"
    )
    for m in range(4):
        text += (
            f"  - id: M{m + 1}\n    fokusomrade: brukere\n    beskrivelse: {sentence(rng, 4)}\n"
            f"    retning: hoyere_er_bedre\n    malverdi: 5.0\n    akseptabelt: 4.5\n"
            f"    resultater:\n      - {{periode: {year}-1, verdi: {rng.randint(35, 55) / 10}}}\n"
        )
    return text + f"lederdialog:\n  - {{dato: {year}-06-10, referat: {sentence(rng, 6)}}}\n"


def generate(target: Path, sizes: argparse.Namespace) -> None:
    rng = random.Random(sizes.seed)
    if target.exists():
        shutil.rmtree(target)
    records = target / "records"
    records.mkdir(parents=True)
    (target / "ims.yaml").write_text("organisasjon: Stor kommune\n", encoding="utf-8")
    org, units, people = organisation(sizes.virksomheter)
    (records / "organisasjon.yaml").write_text(org, encoding="utf-8")
    years = list(range(2017, 2027))

    def write(folder: str, name: str, text: str) -> None:
        path = records / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    # Graded avvik (--gradert) are chosen by a generator of their own: the rest stays as it was.
    grading = random.Random(sizes.seed + 33)
    graded = getattr(sizes, "gradert", 0.0)  # tests call generate() without it
    for i in range(sizes.avvik):
        year = years[i * len(years) // sizes.avvik]
        text = avvik(rng, i, year, units, people)
        if grading.random() < graded:
            text = text.replace("gradering: intern\n", "gradering: fortrolig\n")
        write(f"avvik/{year}", f"AVV-{year}-{i:05d}.yaml", text)
    if graded:
        _keys(target, people)
    for i in range(sizes.ros):
        year = years[i * len(years) // sizes.ros]
        write(f"ros/{year}", f"ROS-{year}-{i:04d}.yaml", ros(rng, i, year, units, people))
    for i in range(sizes.prosesser):
        write("prosesser", f"{i // 100}.{i % 100}-prosess.md", prosess(rng, i, people))
    for i in range(sizes.lederavtaler):
        year = years[-1 - (i // len(units)) % len(years)]
        unit = units[i % len(units)]
        write(
            f"lederavtaler/{year}",
            f"LA-{year}-{i:04d}.yaml",
            lederavtale(rng, i, year, unit, people),
        )


def _keys(target: Path, people: list[str]) -> None:
    """An age key for every person (organisasjon.yaml's `nokkel`), kryptering on in ims.yaml,
    and the kommunedirektør's identity (a reader of every fortrolig avvik) in nokler/p0.txt."""
    org = target / "records" / "organisasjon.yaml"
    text = org.read_text(encoding="utf-8")
    keys = target / "nokler"
    keys.mkdir()
    for person in people:
        identity = pyrage.x25519.Identity.generate()
        text = text.replace(
            f"{{id: {person}, navn: Person {person[1:]}}}",
            f"{{id: {person}, navn: Person {person[1:]}, nokkel: {identity.to_public()}}}",
        )
        if person == "p0":
            (keys / "p0.txt").write_text(f"{identity}\n", encoding="utf-8")
            (keys / "p0.txt").chmod(0o600)
    org.write_text(text, encoding="utf-8")
    with (target / "ims.yaml").open("a", encoding="utf-8") as config:
        config.write("kryptering: {pa: true}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--avvik", type=int, default=100_000)
    parser.add_argument("--ros", type=int, default=5_000)
    parser.add_argument("--prosesser", type=int, default=2_000)
    parser.add_argument("--lederavtaler", type=int, default=1_000)
    parser.add_argument("--virksomheter", type=int, default=90)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--gradert", type=float, default=0.0, help="share of avvik graded fortrolig, with keys"
    )
    args = parser.parse_args()
    generate(args.target, args)
    print(f"wrote {args.target}")


if __name__ == "__main__":
    main()
