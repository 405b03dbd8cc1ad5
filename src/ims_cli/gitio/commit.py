"""Committing one new record (`ims serve`, `ims import epost`): the only code that writes to git.

Only the record's own path goes into the commit (`git commit -- PATH`), so whatever else is
staged in the work tree stays as it was. Callers hold the repository's lock (store.lock), which
is also what keeps two commits from racing for git's index.
"""

from __future__ import annotations

from pathlib import Path

from git import InvalidGitRepositoryError, NoSuchPathError, Repo
from git.cmd import Git
from git.exc import GitCommandError

from ims_cli.errors import UserError


def current_branch(root: Path) -> str | None:
    """The branch checked out in the work tree; None outside git or on a detached HEAD."""
    try:
        repo = Repo(root, search_parent_directories=True)
        return None if repo.head.is_detached else repo.active_branch.name
    except (InvalidGitRepositoryError, NoSuchPathError, TypeError, ValueError):
        return None


def commit_new(root: Path, path: str, message: str, author: str) -> str:
    """Commit one new file (relative to the repository root) as `author`; the commit's id."""
    git = Git(root)  # run in the records repository's folder: `path` is relative to it
    email = "ims-serve@localhost"
    env = {
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": email,
    }
    try:
        git.add("--", path)
        git.commit("--no-verify", "-q", "-m", message, "--", path, env=env)
        return str(git.rev_parse("HEAD"))
    except GitCommandError as error:
        raise UserError(
            f"{path}: ble skrevet, men git kunne ikke lage commit ({error.stderr.strip()}); "
            f"kjør «git status» i {root} og lag commit for hånd"
        ) from None


def uncommitted(root: Path, folder: str) -> list[str]:
    """New files under `folder` (relative to the root) that git does not track yet."""
    listed = Git(root).ls_files("--others", "--exclude-standard", "-z", "--", folder)
    return [p for p in str(listed).split("\0") if p]
