"""Where the running ims was installed from, as a pip requirement: what a generated pipeline
installs, so that CI runs the same ims as the person who set the repository up.

pip records how it installed a package from anything but an index in `direct_url.json` (PEP 610):
a git URL with its commit, a local folder, a wheel or an archive. Without that file, ims came from
an index and its version names it; from a folder or a file on this machine, which no CI runner
has, the released version of the same number is what CI installs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import unquote, urlparse

from ims_cli import __version__

DISTRIBUTION = "ims-cli"
RELEASED = f"{DISTRIBUTION}=={__version__}"


@dataclass(frozen=True)
class Source:
    """What the pipelines install (a pip requirement), and the folder or file on this machine
    the running ims came from when that is where it came from: no CI runner has it, so the
    requirement is then the released version."""

    requirement: str
    local: str | None = None


def installed_from() -> Source:
    """`ims-cli==0.1.0`, `ims-cli @ git+https://…@<commit>` or an archive's URL."""
    try:
        direct = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct = None  # run from a source tree without being installed
    if not direct:
        return Source(RELEASED)
    return from_direct_url(json.loads(direct))


def from_direct_url(data: dict[str, object]) -> Source:
    """A requirement from PEP 610's direct_url.json."""
    url = str(data.get("url", ""))
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict):
        ref = vcs.get("commit_id") or vcs.get("requested_revision")
        return Source(
            f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{ref}" if ref else "")
        )
    if url.startswith("file:"):  # a folder, or a wheel or an archive on this machine
        return Source(RELEASED, unquote(urlparse(url).path))
    return Source(f"{DISTRIBUTION} @ {url}")
