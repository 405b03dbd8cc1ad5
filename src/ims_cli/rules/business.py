"""The rules of RECORDS.md that a schema cannot say: dates that must be there or in order,
risks that need tiltak, goals whose levels must make sense."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ims_cli.analytics.duties import SERIOUS, day_of
from ims_cli.confidentiality import quote
from ims_cli.config import Config
from ims_cli.findings import KEY, Finding, Path
from ims_cli.models.avvik import NEEDS_ROOT_CAUSE, Avvik
from ims_cli.models.common import OPEN_TILTAK, moment
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.lederavtale import Lederavtale, Mal
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Konsekvens, Risiko, Ros, highest
from ims_cli.models.vocabulary import ORDER_FUNN, SETTLED, SETTLED_ELSEWHERE
from ims_cli.rules.base import finding
from ims_cli.store.load import StoredRecord
from ims_cli.words import day as shown
from ims_cli.words import word

# A leader agreement may be signed from 1 October of the year before the year it covers.
SIGNING_OPENS = (10, 1)


def tiltak_dates(stored: StoredRecord) -> Iterator[Finding]:
    for path, tiltak in stored.record.all_tiltak():
        if tiltak.status == "fullfort" and tiltak.fullfort is None:
            yield finding(
                "B001",
                stored,
                (*path, "status"),
                "tiltaket er fullfort, men mangler «fullfort: ÅÅÅÅ-MM-DD»; legg til datoen det "
                "ble fullført",
                tiltak.id,
            )
        elif tiltak.fullfort is not None and tiltak.status != "fullfort":
            yield finding(
                "B002",
                stored,
                (*path, "fullfort"),
                f"tiltaket har fullført-dato, men status er «{tiltak.status}»; sett status "
                "fullfort eller fjern datoen",
                tiltak.id,
            )


def _closing(stored: StoredRecord, record: Avvik) -> Iterator[Finding]:
    """ISO 9001 10.2: a closed avvik has no tiltak still to do, its completed tiltak are
    evaluated, and one from a tilsyn says when the authority closed the finding."""
    if record.status != "lukket":
        return
    for path, tiltak in record.all_tiltak():
        if tiltak.status in OPEN_TILTAK:
            yield finding(
                "B014",
                stored,
                (*path, "status"),
                f"avviket er lukket, men tiltak {tiltak.id} er «{tiltak.status}»; fullfør eller "
                "avbryt tiltaket før avviket lukkes",
            )
        elif tiltak.status == "fullfort" and not tiltak.evaluering:
            yield finding(
                "B015",
                stored,
                (*path, "status"),
                f"tiltak {tiltak.id} er fullført uten evaluering; skriv om effekten ble oppnådd "
                f"(«ims tiltak done {record.id}/{tiltak.id} --evaluering …»)",
            )
    if record.kilde == "tilsyn" and record.lukket_av_tilsyn is None:
        yield finding(
            "B016",
            stored,
            ("status",),
            "avviket kom fra et tilsyn; før inn «lukket_av_tilsyn: ÅÅÅÅ-MM-DD», dagen "
            "tilsynsmyndigheten lukket funnet",
        )


def _when(stored: StoredRecord, record: Avvik) -> Iterator[Finding]:
    """What happened comes before it is reported; a breach is discovered no earlier than it
    happened and reported to Datatilsynet no earlier than it was discovered."""
    if record.hendt is not None and day_of(record.hendt) > record.meldt:
        yield finding(
            "B009",
            stored,
            ("hendt",),
            f"hendt {shown(record.hendt)} er etter meldt {shown(record.meldt)}; rett en av datoene",
        )
    breach = record.personvern
    if breach is None:
        return
    if breach.oppdaget and record.hendt and moment(breach.oppdaget) < moment(record.hendt):
        yield finding(
            "B009",
            stored,
            ("personvern", "oppdaget"),
            f"oppdaget {shown(breach.oppdaget)} er før hendt {shown(record.hendt)}; rett en av "
            "datoene",
        )
    found = breach.oppdaget or record.meldt
    if breach.meldt_datatilsynet and day_of(breach.meldt_datatilsynet) < day_of(found):
        yield finding(
            "B009",
            stored,
            ("personvern", "meldt_datatilsynet"),
            f"meldt_datatilsynet {shown(breach.meldt_datatilsynet)} er før bruddet ble oppdaget "
            f"{shown(found)}; rett en av datoene",
        )


def _breach_rules(stored: StoredRecord, record: Avvik) -> Iterator[Finding]:
    """Every breach of personal data security is documented (personvernforordningen art. 33
    nr. 5): an avvik of kategori personvern says whether it is one, and why not; a breach of
    low risk says why; one of high risk is told to the persons concerned (art. 34)."""
    breach = record.personvern
    if breach is None:
        if record.kategori == "personvern":
            yield finding(
                "B019",
                stored,
                ("kategori",),
                "avvik i kategorien personvern skal ha «personvern:» med «brudd: ja|nei|uavklart» "
                "(personvernforordningen art. 33 nr. 5: alle brudd dokumenteres); med ja eller "
                "uavklart også «oppdaget» (dato og klokkeslett) og «risiko», med nei en "
                "«begrunnelse»",
            )
        return
    if breach.brudd == "nei" and not breach.begrunnelse:
        yield finding(
            "B021",
            stored,
            ("personvern", "brudd"),
            "«brudd: nei» trenger «begrunnelse»: hvorfor dette ikke er et brudd på "
            "personopplysningssikkerheten (personvernforordningen art. 33 nr. 5)",
        )
    elif breach.brudd != "nei" and breach.risiko == "lav" and not breach.begrunnelse:
        yield finding(
            "B021",
            stored,
            ("personvern", "risiko"),
            "«risiko: lav» trenger «begrunnelse»: hvorfor bruddet neppe medfører en risiko for "
            "de registrertes rettigheter og friheter, så det ikke meldes til Datatilsynet "
            "(personvernforordningen art. 33 nr. 1 og nr. 5)",
        )
    if (
        breach.brudd != "nei"
        and breach.risiko == "hoy_risiko"
        and breach.registrerte_informert is None
        and not breach.begrunnelse
    ):
        yield finding(
            "B022",
            stored,
            ("personvern", "risiko"),
            "bruddet har høy risiko: de registrerte skal informeres uten ugrunnet opphold "
            "(personvernforordningen art. 34); før inn «registrerte_informert: ÅÅÅÅ-MM-DD», "
            "eller skriv i «begrunnelse» hvilket unntak i art. 34 nr. 3 som gjelder",
        )


def _injury_rules(stored: StoredRecord, record: Avvik) -> Iterator[Finding]:
    """An HMS incident says whether someone was hurt or met violence (the injury statistics and
    arbeidsmiljøloven § 5-2 depend on it); a serious injury notified is confirmed in writing."""
    injury = record.hms
    if injury is None:
        if record.kategori == "hms" and record.type == "uonsket_hendelse":
            yield finding(
                "B020",
                stored,
                ("kategori",),
                "en uønsket hendelse i kategorien hms skal ha «hms:» med «personskade: "
                "ingen|lettere|alvorlig|dodsfall» og «vold_og_trusler: true» ved vold eller "
                "trusler (arbeidsmiljøloven §§ 5-1 og 5-2)",
            )
        return
    if (
        injury.personskade in SERIOUS
        and injury.varslet_arbeidstilsynet is not None
        and injury.skriftlig_melding_arbeidstilsynet is None
    ):
        yield finding(
            "B023",
            stored,
            ("hms", "varslet_arbeidstilsynet"),
            "varselet til Arbeidstilsynet om "
            f"{'dødsfallet' if injury.personskade == 'dodsfall' else 'den alvorlige personskaden'}"
            " skal bekreftes skriftlig (arbeidsmiljøloven § 5-2); før inn "
            "«skriftlig_melding_arbeidstilsynet: ÅÅÅÅ-MM-DD» når meldingen er sendt",
        )


def avvik_rules(stored: StoredRecord) -> Iterator[Finding]:
    record = stored.record
    if not isinstance(record, Avvik):
        return
    if record.status in SETTLED and record.lukket is None:
        yield finding(
            "B003",
            stored,
            ("status",),
            f"avviket er {word(record.status)}, men mangler «lukket: ÅÅÅÅ-MM-DD»; legg til datoen "
            f"det ble {word(record.status)}",
        )
    if record.lukket is not None and record.status not in SETTLED:
        yield finding(
            "B004",
            stored,
            ("lukket",),
            f"avviket har lukket-dato, men status er «{record.status}»; sett status lukket "
            f"({', '.join(sorted(SETTLED_ELSEWHERE))} om det ikke ble behandlet her) eller fjern "
            "datoen",
        )
    if record.lukket is not None and record.lukket < record.meldt:
        yield finding(
            "B009",
            stored,
            ("lukket",),
            f"lukket {record.lukket} er før meldt {record.meldt}; rett en av datoene",
        )
    yield from _closing(stored, record)
    yield from _when(stored, record)
    yield from _breach_rules(stored, record)
    yield from _injury_rules(stored, record)
    root_cause = record.arsaksanalyse.rotarsak if record.arsaksanalyse else None
    if record.status == "lukket" and record.type in NEEDS_ROOT_CAUSE and not root_cause:
        yield finding(
            "B005",
            stored,
            ("status",),
            "lukket uten rotårsak; fyll inn «arsaksanalyse: {rotarsak: …}» så læringen blir "
            "med videre (vises i PUFF, fasen Forbedre)",
        )
    for path, tiltak in record.all_tiltak():
        if tiltak.fullfort is not None and tiltak.fullfort < record.meldt:
            yield finding(
                "B009",
                stored,
                (*path, "fullfort"),
                f"tiltaket ble fullført {tiltak.fullfort}, før avviket ble meldt {record.meldt}; "
                "rett en av datoene",
                tiltak.id,
            )


def _matrix_problems(
    sannsynlighet: int, konsekvens: Konsekvens, config: Config
) -> Iterator[tuple[Path, str]]:
    """(where, message) for grades outside the matrix and unknown dimensions."""
    risiko = config.risiko
    rows, columns = len(risiko.sannsynlighet), len(risiko.konsekvens)
    if sannsynlighet > rows:
        yield (
            ("sannsynlighet",),
            f"sannsynlighet {sannsynlighet} er utenfor matrisen; bruk et tall fra 1 til {rows} "
            "(skalaen står i ims.yaml under risiko)",
        )
    values = konsekvens.values() if isinstance(konsekvens, dict) else [konsekvens]
    if any(v > columns for v in values):
        yield (
            ("konsekvens",),
            f"konsekvens {highest(konsekvens)} er utenfor matrisen; bruk et tall fra 1 til "
            f"{columns} (skalaen står i ims.yaml under risiko)",
        )
    if isinstance(konsekvens, dict):
        for dimension in konsekvens:
            if dimension not in config.dimensions:
                allowed = ", ".join(config.dimensions)
                yield (
                    ("konsekvens", dimension, KEY),
                    f"«{dimension}» er ikke en av konsekvensdimensjonene i ims.yaml: {allowed}; "
                    "bruk en av dem, eller legg den til under verdier.konsekvens",
                )


def _has_active_tiltak(risiko: Risiko) -> bool:
    # a tiltak that is the same as another record's is that one's work: it counts here too
    return any(getattr(t, "status", None) != "avbrutt" for t in risiko.tiltak)


def ros_dates(stored: StoredRecord) -> Iterator[Finding]:
    record = stored.record
    if not isinstance(record, Ros):
        return
    if record.neste_evaluering is not None and record.neste_evaluering < record.dato:
        yield finding(
            "B009",
            stored,
            ("neste_evaluering",),
            f"neste_evaluering {record.neste_evaluering} er før dato {record.dato}; rett en av "
            "datoene (uten neste_evaluering gjelder fristen i ims.yaml)",
        )


def risk_rules(stored: StoredRecord, config: Config) -> Iterator[Finding]:
    """Each risk of a ROS on its own: inside the matrix, tiltak where the score asks for them,
    the residual risk no higher."""
    record = stored.record
    if not isinstance(record, Ros):
        return
    limit = config.risiko.tiltak_kreves_over
    for index, risiko in enumerate(record.risikoer):
        path = ("risikoer", index)
        grades: list[tuple[str, int, Konsekvens, Path]] = [
            ("", risiko.sannsynlighet, risiko.konsekvens, path)
        ]
        if risiko.restrisiko:
            rest = risiko.restrisiko
            grades.append(
                ("restrisiko: ", rest.sannsynlighet, rest.konsekvens, (*path, "restrisiko"))
            )
        for label, s, k, where in grades:
            for field, message in _matrix_problems(s, k, config):
                yield finding("B007", stored, (*where, *field), label + message, risiko.id)
        needs = risiko.score > limit or risiko.lovbrudd
        if needs and not _has_active_tiltak(risiko):
            score = f"{risiko.sannsynlighet}×{highest(risiko.konsekvens)} = {risiko.score}"
            why = "lovbrudd: true" if risiko.lovbrudd else f"score {score} er over {limit}"
            yield finding(
                "B006",
                stored,
                path,
                f"{why} (tiltak_kreves_over i ims.yaml), men risikoen har ingen tiltak; legg til "
                "minst ett under «tiltak»",
                risiko.id,
            )
        if risiko.restrisiko and risiko.restrisiko.score > risiko.score:
            yield finding(
                "B013",
                stored,
                (*path, "restrisiko"),
                f"restrisikoen ({risiko.restrisiko.score}) er høyere enn risikoen før tiltak "
                f"({risiko.score}); tiltak skal senke risikoen, så rett sannsynlighet eller "
                "konsekvens i restrisiko eller før tiltak",
                risiko.id,
            )


def prosess_rules(stored: StoredRecord) -> Iterator[Finding]:
    record = stored.record
    if not isinstance(record, Prosess):
        return
    if record.neste_revisjon is not None and record.neste_revisjon < record.godkjent:
        yield finding(
            "B009",
            stored,
            ("neste_revisjon",),
            f"neste_revisjon {record.neste_revisjon} er før godkjent {record.godkjent}; rett en "
            "av datoene",
        )
    versions = [e.versjon for e in record.endringslogg]
    if versions and record.versjon not in versions:
        yield finding(
            "B010",
            stored,
            ("versjon",),
            f"endringsloggen har ikke noe innslag for versjon {record.versjon}; legg til "
            f"«- {{versjon: {record.versjon}, dato: …, av: …, beskrivelse: …}}»",
        )
    if versions and max(versions) > record.versjon:
        yield finding(
            "B010",
            stored,
            ("versjon",),
            f"endringsloggen nevner versjon {max(versions)}, men posten har versjon "
            f"{record.versjon}; sett «versjon: {max(versions)}» eller rett innslaget i loggen",
        )


def lederavtale_rules(stored: StoredRecord) -> Iterator[Finding]:
    record = stored.record
    if not isinstance(record, Lederavtale):
        return
    opens, closes = date(record.aar - 1, *SIGNING_OPENS), date(record.aar, 12, 31)
    for who in ("leder", "overordnet"):
        signed = getattr(record.signert, who) if record.signert else None
        if signed is not None and not opens <= signed <= closes:
            yield finding(
                "B008",
                stored,
                ("signert", who),
                f"signert {signed} ligger utenfor {opens}–{closes} for avtaleåret {record.aar}; "
                "rett datoen eller året",
            )
    id_year = record.id.split("-")[1]
    if id_year != str(record.aar):
        yield finding(
            "B012",
            stored,
            ("aar",),
            f"aar er {record.aar}, men id-en {record.id} er fra {id_year}; sett «aar: {id_year}», "
            "eller lag avtalen for det andre året med «ims new lederavtale»",
        )
    for m, mal in enumerate(record.mal):
        for r, resultat in enumerate(mal.resultater):
            if not resultat.periode.startswith(str(record.aar)):
                yield finding(
                    "B012",
                    stored,
                    ("mal", m, "resultater", r, "periode"),
                    f"resultatperioden {resultat.periode} er ikke i avtaleåret {record.aar}; "
                    "rett perioden, eller før resultatet i avtalen for det året",
                    mal.id,
                )


def goal_levels(stored: StoredRecord) -> Iterator[Finding]:
    """Each goal of a lederavtale on its own: its levels on the right side of each other."""
    record = stored.record
    if isinstance(record, Lederavtale):
        for index, mal in enumerate(record.mal):
            yield from _goal_levels(stored, ("mal", index), mal)


def _goal_levels(stored: StoredRecord, path: Path, mal: Mal) -> Iterator[Finding]:
    if mal.akseptabelt is not None:
        wrong_side = (
            mal.akseptabelt > mal.malverdi
            if mal.retning == "hoyere_er_bedre"
            else mal.akseptabelt < mal.malverdi
        )
        if wrong_side:
            better = "høyere" if mal.retning == "hoyere_er_bedre" else "lavere"
            yield finding(
                "B011",
                stored,
                (*path, "akseptabelt"),
                f"når {better} er bedre, kan akseptabelt ({mal.akseptabelt:g}) ikke være "
                f"{better} enn malverdi ({mal.malverdi:g}); bytt om verdiene eller retning",
                mal.id,
            )


def lg_rules(stored: StoredRecord) -> Iterator[Finding]:
    record = stored.record
    if isinstance(record, LedelsensGjennomgang) and record.periode:
        if record.periode.fra > record.periode.til:
            yield finding(
                "B009",
                stored,
                ("periode", "fra"),
                f"perioden begynner {record.periode.fra}, etter at den slutter "
                f"{record.periode.til}; bytt om fra og til",
            )


def revisjon_rules(stored: StoredRecord) -> Iterator[Finding]:
    """A pålegg carries the frist the authority gave (F016 follows it up)."""
    record = stored.record
    if not isinstance(record, Revisjon):
        return
    for index, funn in enumerate(record.funn):
        if funn.type == ORDER_FUNN and funn.frist is None:
            yield finding(
                "B026",
                stored,
                ("funn", index, "type"),
                f"pålegget {funn.id} har ingen frist; før inn «frist» med datoen i vedtaket om "
                "pålegg (tilsynsmyndigheten setter fristen for å rette forholdet)",
                funn.id,
            )


def maturity(stored: StoredRecord, config: Config) -> Iterator[Finding]:
    """Each area of an egenvurdering on its own: an area and levels ims.yaml knows, assessed
    once, and an ambition no lower than where it stands."""
    record = stored.record
    if not isinstance(record, Egenvurdering):
        return
    ik = config.internkontroll
    top, seen = len(ik.modenhet), set[str]()
    for index, area in enumerate(record.omrader):
        path = ("omrader", index)
        if area.omrade not in ik.omrader:
            allowed = ", ".join(ik.omrader)
            name = quote(area.omrade, record.gradering)
            message = f"området {name} står ikke i ims.yaml; bruk ett av: {allowed}"
            yield finding("B017", stored, (*path, "omrade"), message)
        elif area.omrade in seen:
            message = f"området «{area.omrade}» er vurdert før i posten; slå vurderingene sammen"
            yield finding("B017", stored, (*path, "omrade"), message)
        seen.add(area.omrade)
        for field in ("na", "ambisjon"):
            level = getattr(area, field)
            if level > top:
                yield finding(
                    "B017",
                    stored,
                    (*path, field),
                    f"{field} {level} er over modenhetsskalaen; bruk et tall fra 1 til {top} "
                    f"({', '.join(ik.modenhet)}, se internkontroll.modenhet i ims.yaml)",
                )
        if area.ambisjon < area.na:
            yield finding(
                "B018",
                stored,
                (*path, "ambisjon"),
                f"ambisjonen ({area.ambisjon}) er lavere enn nivået i dag ({area.na}) for "
                f"«{area.omrade}»; sett ambisjonen minst like høyt, eller rett nivået i dag",
            )
