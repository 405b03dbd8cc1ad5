"""Where the running ims was installed from, as a pip requirement: what a generated pipeline
installs, so that CI runs the same ims as the person who set the repository up.

pip records how it installed a package from anything but an index in `direct_url.json` (PEP 610):
a git URL with its commit, a local folder, a wheel or an archive. Without that file, ims came from
an index and its version names it.
"""

from __future__ import annotations

import json
from importlib import metadata
from urllib.parse import unquote, urlparse

from ims_cli import __version__

DISTRIBUTION = "ims-cli"


def requirement() -> str:
    """`ims-cli==0.1.0`, `ims-cli @ git+https://…@<commit>`, a folder or an archive's URL."""
    try:
        direct = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct = None  # run from a source tree without being installed
    if not direct:
        return f"{DISTRIBUTION}=={__version__}"
    return from_direct_url(json.loads(direct))


def from_direct_url(data: dict[str, object]) -> str:
    """A requirement from PEP 610's direct_url.json."""
    url = str(data.get("url", ""))
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict):
        ref = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{ref}" if ref else "")
    if url.startswith("file://") and isinstance(data.get("dir_info"), dict):
        return unquote(urlparse(url).path)  # a folder: pip installs it as it is
    return f"{DISTRIBUTION} @ {url}"
