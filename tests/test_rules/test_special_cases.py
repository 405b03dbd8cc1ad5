"""Rules whose failing case cannot be one fixture file, and cross-file behaviour."""

from __future__ import annotations

from tests.conftest import MakeRepo, findings, summary


def test_file_over_the_size_limit_is_reported_not_read(make_repo: MakeRepo) -> None:
    huge = "id: AVV-2026-0001\nbeskrivelse: |\n" + "  x\n" * 800_000
    root = make_repo({"records/AVV-2026-0001.yaml": huge})
    assert summary(root) == [("Y005", "records/AVV-2026-0001.yaml", 1, 1)]


def test_missing_organisasjon_is_one_finding_not_one_per_reference(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / "records" / "organisasjon.yaml").unlink()
    assert summary(root) == [("R009", "records/organisasjon.yaml", None, None)]


def test_broken_register_does_not_cascade_into_every_reference(make_repo: MakeRepo) -> None:
    root = make_repo({"records/lovkrav.yaml": "lovkrav:\n  - {id: LOV-KL-25-1}\n"})
    codes = [code for code, *_ in summary(root)]
    assert codes == ["S001"]  # tittel missing; the records citing LOV-KL-25-1 are not blamed


def test_one_broken_file_does_not_stop_the_others(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/avvik/AVV-2026-0001.yaml": "id: AVV-2026-0001\ntittel: [uavsluttet\n",
            "records/avvik/AVV-2026-0002.yaml": "id: AVV-2026-0002\ntype: avvik\n",
            "records/avvik/AVV-2026-0003.yaml": (
                "id: AVV-2026-0003\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: UKJENT\n"
                "kategori: hms\nstatus: meldt\n"
            ),
        }
    )
    files = {(code, file) for code, file, *_ in summary(root)}
    assert ("Y002", "records/avvik/AVV-2026-0001.yaml") in files
    assert ("S001", "records/avvik/AVV-2026-0002.yaml") in files
    assert ("R001", "records/avvik/AVV-2026-0003.yaml") in files


def test_reference_to_an_invalid_record_is_not_reported_as_dangling(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/prosesser/2-ugyldig.md": "---\nid: PRO-2\ntittel: Mangler felt\n---\n",
            "records/avvik/AVV-2026-0001.yaml": (
                "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
                "kategori: hms\nstatus: meldt\nprosess: PRO-2\n"
            ),
        }
    )
    assert {f.file for f in findings(root)} == {"records/prosesser/2-ugyldig.md"}


def test_finding_messages_say_how_to_fix(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/AVV-2026-0001.yaml": (
                "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 14.3.2026\nenhet: OPP-SOL\n"
                "kategori: hms\nstatus: meldt\narsak: x\n"
            )
        }
    )
    messages = {f.code: f.message for f in findings(root)}
    assert "2026-03-14" in messages["S004"]
    assert (
        messages["S002"] == "ukjent felt «arsak» – mente du «lukket»?"
        or "arsak" in messages["S002"]
    )


def test_sub_id_is_given_in_ref(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "records/ROS-2026-0002.yaml": (
                "id: ROS-2026-0002\ntittel: x\nomrade: hms\nenhet: OPP-SOL\nansvarlig: liv.berg\n"
                "dato: 2026-02-01\nrisikoer:\n  - id: R7\n    trussel: x\n    sannsynlighet: 5\n"
                "    konsekvens: 5\n"
            )
        }
    )
    assert [(f.code, f.ref) for f in findings(root)] == [("B006", "ROS-2026-0002/R7")]


def test_unreadable_file_is_reported_and_the_rest_checked(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / "records" / "avvik" / "AVV-2026-0005.yaml").symlink_to(root / "finnes-ikke.yaml")
    assert summary(root) == [("Y009", "records/avvik/AVV-2026-0005.yaml", None, None)]
    (finding,) = findings(root)
    assert "(en lenke som peker til noe som ikke finnes)" in finding.message


def test_a_duplicate_id_names_the_other_file(make_repo: MakeRepo) -> None:
    avvik = (
        "id: AVV-2026-0001\ntype: avvik\ntittel: x\nmeldt: 2026-03-01\nenhet: OPP-SOL\n"
        "kategori: hms\nstatus: meldt\n"
    )
    root = make_repo({"records/a/AVV-2026-0001.yaml": avvik, "records/b/AVV-2026-0001.yaml": avvik})
    messages = {f.file: f.message for f in findings(root) if f.code == "I002"}
    assert messages == {
        "records/a/AVV-2026-0001.yaml": "id «AVV-2026-0001» brukes også i "
        "records/b/AVV-2026-0001.yaml; gi én av postene neste ledige id",
        "records/b/AVV-2026-0001.yaml": "id «AVV-2026-0001» brukes også i "
        "records/a/AVV-2026-0001.yaml; gi én av postene neste ledige id",
    }
