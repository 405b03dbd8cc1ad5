"""Record ids in use on other branches, so two advisers never both create AVV-2026-0043."""

from __future__ import annotations

import re
from pathlib import Path

from git import InvalidGitRepositoryError, NoSuchPathError, Repo
from git.objects import Tree

from ims_cli.kinds import numbered_id
from ims_cli.store.load import Repository, listing


def _names(tree: Tree) -> set[str]:
    """A record's file name is its id (a process may add a slug, but process ids are chosen by
    hand): every numbered kind's prefix, from the one registry of kinds."""
    pattern, found = numbered_id(), set()
    for item in tree.traverse():
        match = pattern.match(item.name)  # type: ignore[union-attr]
        if match:
            found.add(match.group(1))
    return found


def ids_on_branches(root: Path) -> set[str]:
    """Ids named by files under records/ on every local branch and remote-tracking branch.

    Outside a git repository there are none. Branches that were never fetched cannot be seen:
    `git fetch` first to be safe across advisers.
    """
    try:
        repo = Repo(root, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        return set()
    if repo.working_tree_dir is None:
        return set()
    prefix = (Path(root).resolve() / "records").relative_to(Path(repo.working_tree_dir).resolve())
    found: set[str] = set()
    refs = [*repo.heads, *(ref for remote in repo.remotes for ref in remote.refs)]
    for ref in refs:
        try:
            tree = ref.commit.tree / prefix.as_posix()
        except KeyError:
            continue  # the branch has no records/ folder
        found |= _names(tree)
    return found


def named_in_tree(root: Path) -> set[str]:
    """Ids named by the record files in the working tree now (written since the repository was
    read, perhaps, by another ims)."""
    names = (path.rpartition("/")[2] for path in listing(root, stamped=False))
    pattern = numbered_id()
    return {m.group(1) for name in names if (m := pattern.match(name))}


def next_free_id(repo: Repository, prefix: str, year: int) -> str:
    """One more than the highest number of the kind and year, in this working tree and on every
    local and remote-tracking branch (AVV-2026-0043 after 0042), for `ims new` and imports alike.
    Take it under store.lock.repository_locked and write the record before letting go: the files
    are listed again here, so an id another ims took just before is not taken twice."""
    pattern = re.compile(rf"^{prefix}-{year}-(\d+)$")
    used = set(repo.ids) | named_in_tree(repo.root) | ids_on_branches(repo.root)
    numbers = [int(m.group(1)) for i in used if (m := pattern.match(i))]
    return f"{prefix}-{year}-{max(numbers, default=0) + 1:04d}"
