"""What git already knows of the files in the work tree: in a fresh clone (CI with its cache
restored) every file has a new mtime, but git's index says which files hold exactly the blob it
has, and the blob's id is the store's digest of the bytes (store.cache.digest): none need be read.
"""

from __future__ import annotations

from pathlib import Path

from ims_cli.store.root import CONFIG_FILE, RECORDS_DIR


def unchanged_blobs(root: Path) -> dict[str, bytes]:
    """The blob id of ims.yaml and of each file under records/ whose content in the work tree
    is what the index holds (git trusts its own stat of each file and reads those whose stat
    changed), by path relative to the repository root; empty outside a git work tree or when
    git cannot tell."""
    from git.cmd import Git
    from git.exc import GitCommandError, GitCommandNotFound

    git = Git(root)
    try:
        where = ("--", RECORDS_DIR, CONFIG_FILE)
        staged = git.ls_files("-s", "-v", "-z", *where, strip_newline_in_stdout=False)
        # `git diff`, not diff-files: it looks again at a file whose stat changed (every file,
        # in a fresh clone whose mtimes were reset) rather than calling it changed.
        changed = git.diff("--name-only", "-z", "--relative", *where, strip_newline_in_stdout=False)
    except (GitCommandError, GitCommandNotFound, OSError):
        return {}
    blobs: dict[str, bytes] = {}
    untrusted = set(changed.split("\0"))
    for entry in staged.split("\0"):
        if not entry:
            continue
        info, _, path = entry.partition("\t")
        tag, _, blob, stage = info.split(" ")
        # Only a plain entry: not one in a merge conflict, nor one git was told not to look at
        # (assume-unchanged, skip-worktree), whose file may differ without git saying so.
        if tag != "H" or stage != "0":
            untrusted.add(path)
        blobs[path] = bytes.fromhex(blob)
    for path in untrusted:
        blobs.pop(path, None)
    return blobs


def identity(root: Path) -> str | None:
    """What names a records repository wherever it is cloned: its first commit(s) and the folder
    of the records repository within the work tree. None outside git or before a commit."""
    from git.cmd import Git
    from git.exc import GitCommandError, GitCommandNotFound

    git = Git(root)
    try:
        first = git.rev_list("--max-parents=0", "HEAD").split()
        folder = git.rev_parse("--show-prefix")
    except (GitCommandError, GitCommandNotFound, OSError):
        return None
    return " ".join(sorted(first)) + ":" + folder if first else None
