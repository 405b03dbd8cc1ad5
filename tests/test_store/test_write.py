"""What ims writes as new files: whole, in folders made for them, never over another."""

from __future__ import annotations

from pathlib import Path

import pytest

from ims_cli.errors import UserError
from ims_cli.store.write import write_new, write_output


def test_a_new_file_is_written_whole_in_a_folder_made_for_it(tmp_path: Path) -> None:
    target = tmp_path / "records" / "avvik" / "2027" / "AVV-2027-0001.yaml"
    write_new(target, "id: AVV-2027-0001\n")
    assert target.read_text("utf-8") == "id: AVV-2027-0001\n"
    with pytest.raises(UserError, match="finnes allerede"):
        write_new(target, "id: AVV-2027-0001\n")
    out = tmp_path / "ut" / "varsel" / "liv.berg.md"
    write_output(out, "Hei\n")
    assert out.read_text("utf-8") == "Hei\n"
