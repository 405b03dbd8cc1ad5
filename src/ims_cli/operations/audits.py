"""An audit's or a vernerunde's finding followed up as an avvik, linked from the finding."""

from __future__ import annotations

from datetime import date
from typing import Any

from ims_cli.errors import UserError
from ims_cli.gitio.ids import next_free_id
from ims_cli.kinds import by_name
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.vernerunde import Vernerunde
from ims_cli.models.vocabulary import IMPROVEMENT_FUNN, REMARK_FUNN
from ims_cli.operations.changes import Done, commit, valid
from ims_cli.operations.creating import check_new, from_data, place
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store import lock, roundtrip
from ims_cli.store.load import Repository, StoredRecord, read_record
from ims_cli.store.write import remove, write_new
from ims_cli.words import word

# The kilde and type of an avvik made from an audit's finding, by the kind of audit.
_AUDIT_SOURCE = {
    "tilsyn": ("tilsyn", "tilsynsfunn"),
    "intern_revisjon": ("intern_revisjon", "revisjonsfunn"),
    "ekstern_revisjon": ("ekstern_revisjon", "revisjonsfunn"),
    "forvaltningsrevisjon": ("ekstern_revisjon", "revisjonsfunn"),
}


def _finding_now(repo: Repository, stored: StoredRecord, ref: str) -> tuple[Revisjon, int]:
    """The audit as its file is now (another ims may have linked the finding since the repository
    was read) and the index of the finding; why not, when it cannot become an avvik."""
    audit_id, _, finding_id = ref.partition("/")
    current = read_record(repo.root, stored.path, VALIDATOR, vocabulary=repo.config.vocabulary())
    audit = current.record if current is not None and current.salvaged is None else None
    if not isinstance(audit, Revisjon):
        raise UserError(
            f"{stored.path} er ikke en gyldig revisjon nå; rett funnene fra «ims validate» først"
        )
    index = next((i for i, f in enumerate(audit.funn) if f.id == finding_id), None)
    if index is None:
        known = ", ".join(f.id for f in audit.funn) or "ingen funn"
        raise UserError(f"{audit_id} har ikke noe funn «{finding_id}» ({known})")
    finding = audit.funn[index]
    if finding.avvik:
        raise UserError(f"{ref} er allerede ført som {finding.avvik}")
    if finding.type in REMARK_FUNN:
        raise UserError(
            f"{ref} er en {word(finding.type)}; den følges ikke opp som avvik (det gjør funn "
            "av de andre typene)"
        )
    return audit, index


def finding_avvik(repo: Repository, ref: str, kategori: str, day: date) -> Done:
    """The avvik of an audit's finding, with the next free id, the audit's unit and gradering
    and the finding's text and lovkrav, pointing back at the finding (funn); the finding then
    points at it (funn.avvik). Under the repository's lock, so two at once never make two avvik
    of one finding. Both files are checked first; if the finding cannot be written, the new
    avvik is taken back."""
    audit_id, _, _ = ref.partition("/")
    stored = valid(repo, audit_id, Revisjon, "revisjon")
    with lock.repository_locked(repo.root):
        audit, index = _finding_now(repo, stored, ref)
        finding = audit.funn[index]
        kilde, kind = _AUDIT_SOURCE[audit.type]
        data: dict[str, Any] = {
            "type": "forbedringsforslag" if finding.type in IMPROVEMENT_FUNN else kind,
            "beskrivelse": f"{finding.beskrivelse.strip()}\n\n(Funn {ref}: {audit.tittel})",
            "meldt": audit.gjennomfort or day,
            "kilde": kilde,
            "kategori": kategori,
            "lovkrav": list(finding.lovkrav),
        }
        return _linked(repo, stored, ref, index, data)


def round_avvik(repo: Repository, ref: str, kategori: str) -> Done:
    """The avvik of a vernerunde's finding (`ims vernerunde avvik`), made and linked as an
    audit's is (finding_avvik): meldt the day of the round, by its unit and gradering."""
    round_id, _, finding_id = ref.partition("/")
    stored = valid(repo, round_id, Vernerunde, "vernerunde")
    with lock.repository_locked(repo.root):
        current = read_record(
            repo.root, stored.path, VALIDATOR, vocabulary=repo.config.vocabulary()
        )
        walked = current.record if current is not None and current.salvaged is None else None
        if not isinstance(walked, Vernerunde):
            raise UserError(
                f"{stored.path} er ikke en gyldig vernerunde nå; rett funnene fra «ims validate» "
                "først"
            )
        index = next((i for i, f in enumerate(walked.funn) if f.id == finding_id), None)
        if index is None:
            known = ", ".join(f.id for f in walked.funn) or "ingen funn"
            raise UserError(f"{round_id} har ikke noe funn «{finding_id}» ({known})")
        finding = walked.funn[index]
        if finding.avvik:
            raise UserError(f"{ref} er allerede ført som {finding.avvik}")
        data: dict[str, Any] = {
            "type": "avvik",
            "beskrivelse": f"{finding.beskrivelse.strip()}\n\n(Funn {ref}: vernerunde)",
            "meldt": walked.dato,
            "kilde": "vernerunde",
            "kategori": kategori,
        }
        return _linked(repo, stored, ref, index, data)


def _linked(
    repo: Repository, stored: StoredRecord, ref: str, index: int, data: dict[str, Any]
) -> Done:
    """Write the avvik of the finding at `funn[index]` of the record (under the lock), then the
    link to it in the finding; the avvik is taken back if the link cannot be written. `data`
    gives the avvik's type, beskrivelse, meldt, kilde and kategori (and lovkrav)."""
    record: Any = stored.record
    meldt: date = data["meldt"]
    finding = record.funn[index]
    avvik = by_name("avvik")
    avvik_id = next_free_id(repo, avvik.prefix, meldt.year)
    path = place(repo, avvik, {"dato": meldt, "enhet": record.enhet}, avvik_id)
    title = " ".join(finding.beskrivelse.split())
    data = {
        "id": avvik_id,
        "type": data.pop("type"),
        "tittel": title if len(title) <= 80 else title[:79].rstrip() + "…",
        "beskrivelse": data.pop("beskrivelse"),
        "meldt": meldt,
        "kilde": data.pop("kilde"),
        "funn": ref,
        "enhet": record.enhet,
        "kategori": data.pop("kategori"),
        "gradering": record.gradering,
        **{k: v for k, v in data.items() if k != "meldt"},
        "status": "meldt",
    }
    kept = {k: v for k, v in data.items() if v != []}
    text = from_data(repo, avvik, path, kept, f"Fra funn {ref}")
    check_new(repo, path, text)
    write_new(repo.root / path, text)
    repo.ids[avvik_id] = [path]  # the finding may now point at it

    def build(current: StoredRecord) -> list[roundtrip.Change]:
        return [roundtrip.SetValue(("funn", index), "avvik", avvik_id)]

    try:
        warned = commit(repo, stored.path, build)
    except BaseException:
        remove(repo.root / path)
        raise
    return Done(path, f"{avvik_id} laget fra {ref}; {stored.path} viser til det", warned)
