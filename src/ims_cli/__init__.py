"""ims: Felles ledelsessystem as plain YAML/Markdown records in git.

As a library (README, «ims as a library»; the methods in ims_cli.api):

    import ims_cli

    repo = ims_cli.open()  # or ims_cli.open("path/to/records-repository")
    findings = repo.check(datetime.date.today())

`import ims_cli` imports nothing else: the library is loaded when a repository is opened.
"""

from __future__ import annotations

# Not typing.TYPE_CHECKING: `import ims_cli` imports nothing, not even typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from typing import Any

    from ims_cli.api import Repository

__version__ = "0.1.0"
__all__ = ["Repository", "__version__", "open"]


def open(path: str | os.PathLike[str] | None = None) -> Repository:
    """The records repository at `path` (the folder with ims.yaml); without it, the one IMS_REPO
    names, else the nearest folder upward from here with ims.yaml, as the ims command finds it."""
    from ims_cli import api

    return api.open(path)


def __getattr__(name: str) -> Any:
    if name == "Repository":  # for type hints: ims_cli.Repository
        from ims_cli.api import Repository

        return Repository
    raise AttributeError(f"module 'ims_cli' has no attribute {name!r}")
