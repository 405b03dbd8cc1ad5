"""What ims writes as new files: records as readable YAML, in folders made for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ims_cli.errors import UserError
from ims_cli.store.write import record_text, write_new, write_output


def test_a_new_record_reads_as_if_written_by_hand() -> None:
    data = {
        "id": "AVV-2026-0001",
        "tittel": "Fall i gangen",
        "beskrivelse": "Første linje\nAndre linje\n",
        "etter": "slutter med mellomrom \nher ",
        "tiltak": [{"id": "T1", "beskrivelse": "Sklisikre matter"}],
    }
    assert record_text(data, "Importert fra ros.xlsx") == (
        "# Importert fra ros.xlsx\n"
        "id: AVV-2026-0001\n"
        "tittel: Fall i gangen\n"
        "beskrivelse: |\n"
        "  Første linje\n"
        "  Andre linje\n"
        'etter: "slutter med mellomrom \\nher "\n'
        "tiltak:\n"
        "  - id: T1\n"
        "    beskrivelse: Sklisikre matter\n"
    )


def test_a_new_file_is_written_whole_in_a_folder_made_for_it(tmp_path: Path) -> None:
    target = tmp_path / "records" / "avvik" / "2027" / "AVV-2027-0001.yaml"
    write_new(target, "id: AVV-2027-0001\n")
    assert target.read_text("utf-8") == "id: AVV-2027-0001\n"
    with pytest.raises(UserError, match="finnes allerede"):
        write_new(target, "id: AVV-2027-0001\n")
    out = tmp_path / "ut" / "varsel" / "liv.berg.md"
    write_output(out, "Hei\n")
    assert out.read_text("utf-8") == "Hei\n"
