"""Two revisions of a records repository, the record files that differ, and a file's history.

The only module that reads revisions from git. Paths in and out are relative to the records
repository's root (the folder of ims.yaml), which may sit below the git repository's top.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from git import BadName, GitCommandError, InvalidGitRepositoryError, NoSuchPathError, Repo
from git.objects import Commit

from ims_cli.errors import UserError
from ims_cli.store import files
from ims_cli.store.load import SUFFIXES
from ims_cli.store.root import CONFIG_FILE, RECORDS_DIR

WORKING_TREE = "arbeidskopien"


@dataclass(frozen=True)
class FileChange:
    """A record file added (A), deleted (D), modified (M) or renamed (R) between two revisions.

    The blob ids let the contents be read straight from git's object store; a file of the working
    tree has none (it is read from disk).
    """

    status: str
    old: str | None
    new: str | None
    old_blob: str | None = None
    new_blob: str | None = None


@dataclass(frozen=True)
class Revision:
    """One commit that touched a file, with the file's path before and after it."""

    sha: str
    author: str
    email: str
    when: datetime
    message: str
    change: FileChange


def open_git(root: Path) -> tuple[Repo, str]:
    """The git repository holding `root`, and root's path inside it ('' at the top)."""
    try:
        repo = Repo(root, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise UserError(
            f"{root}: er ikke i et git-arkiv; ims diff og ims log leser historikken fra git "
            "(kjør «git init» og lag en commit først)"
        ) from None
    if repo.working_tree_dir is None:
        raise UserError(f"{root}: git-arkivet har ingen arbeidskopi")
    prefix = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    return repo, "" if prefix == "." else prefix + "/"


def ensure_repository(folder: Path) -> bool:
    """`git init` in the folder when it is not inside a git repository; True when it ran."""
    try:
        Repo(folder, search_parent_directories=True)
        return False
    except InvalidGitRepositoryError:
        Repo.init(folder, initial_branch="main")
        return True


def _commit(repo: Repo, name: str) -> Commit:
    try:
        commit = repo.commit(name)
        repo.odb.info(commit.binsha)  # a shallow clone names parents it does not have
        return commit
    except (BadName, ValueError, GitCommandError):
        if (Path(repo.git_dir) / "shallow").exists():
            raise UserError(
                f"revisjonen «{name}» finnes ikke i denne klonen, som bare har den siste "
                "historikken (shallow); hent mer med «git fetch --unshallow», eller sett "
                "«fetch-depth: 0» i actions/checkout"
            ) from None
        raise UserError(
            f"ukjent revisjon «{name}»; bruk en gren, tagg eller commit, for eksempel "
            "«main..HEAD» eller «HEAD~1..HEAD»"
        ) from None


def _default_branch(repo: Repo) -> str:
    """origin's default branch when known, otherwise main or master."""
    try:
        return str(repo.git.rev_parse("--abbrev-ref", "origin/HEAD"))
    except GitCommandError:
        pass
    names = {h.name for h in repo.heads} | {r.name for m in repo.remotes for r in m.refs}
    for name in ("main", "master", "origin/main", "origin/master"):
        if name in names:
            return name
    raise UserError(
        "fant ingen standardgren (main eller master) å sammenligne med; oppgi revisjonene, "
        "for eksempel «ims diff HEAD~1..HEAD»"
    )


class Revisions:
    """BASE and HEAD of a comparison; HEAD is the working tree when no end is given."""

    def __init__(self, root: Path, spec: str | None) -> None:
        self.root = root
        self.git, self.prefix = open_git(root)
        if not self.git.head.is_valid():
            raise UserError(f"{root}: git-arkivet har ingen commit ennå")
        self.base, self.head = self._parse(spec)

    def _parse(self, spec: str | None) -> tuple[Commit, Commit | None]:
        if spec is None:
            default = _default_branch(self.git)
            bases = self.git.merge_base("HEAD", _commit(self.git, default))
            return (bases[0] if bases else _commit(self.git, "HEAD")), None
        if "..." in spec:
            left, right = spec.split("...", 1)
            head = _commit(self.git, right or "HEAD")
            bases = self.git.merge_base(_commit(self.git, left or "HEAD"), head)
            if not bases:
                raise UserError(f"«{left}» og «{right}» har ingen felles historikk")
            return bases[0], head
        if ".." in spec:
            left, right = spec.split("..", 1)
            return _commit(self.git, left or "HEAD"), _commit(self.git, right or "HEAD")
        return _commit(self.git, spec), None

    @property
    def base_label(self) -> str:
        return self.base.hexsha[:10]

    @property
    def head_label(self) -> str:
        return self.head.hexsha[:10] if self.head is not None else WORKING_TREE

    def changes(self) -> list[FileChange]:
        """Record files that differ, with git's rename detection; untracked files count as new."""
        ends = [self.base.hexsha] + ([self.head.hexsha] if self.head is not None else [])
        relative = [f"--relative={self.prefix}"] if self.prefix else []
        output = self.git.git.diff(
            "--raw", "--no-abbrev", "-M", "-z", *relative, *ends, "--", self.prefix + RECORDS_DIR
        )
        found = _raw(output.split("\0"))
        if self.head is None:
            untracked = self.git.git.ls_files(
                "-z", "--others", "--exclude-standard", "--", self.prefix + RECORDS_DIR
            )
            found += [
                FileChange("A", None, p[len(self.prefix) :]) for p in untracked.split("\0") if p
            ]
        return [c for c in found if (c.new or c.old or "").endswith(SUFFIXES)]

    def read(self, blob: str | None, path: str) -> bytes:
        """A file's bytes from git's object store by blob id, or from the working tree."""
        return files.read(str(self.root), path) if blob is None else Blobs(self.git).read(blob)

    def head_config(self) -> bytes | None:
        """ims.yaml as it is at HEAD, so levels and labels are those of the new revision."""
        return self.at_head(CONFIG_FILE)

    def at_head(self, path: str) -> bytes | None:
        """A file as it is at HEAD, or None when it is not there or cannot be read (ims validate
        says why)."""
        if self.head is None:
            try:
                return files.read(str(self.root), path)
            except files.Unreadable:
                return None
        return read_at(self.head, self.prefix + path)

    def messages(self) -> list[str]:
        """The messages of the commits from BASE to HEAD (to the checked-out commit)."""
        end = self.head.hexsha if self.head is not None else "HEAD"
        output = self.git.git.log("--format=%B%x00", f"{self.base.hexsha}..{end}")
        return [m.strip() for m in output.split("\0") if m.strip()]


_NO_BLOB = "0" * 40


def changed_files(root: Path, spec: str) -> set[str]:
    """The record files a range of revisions changes (`main...HEAD`, as `ims diff` reads it)."""
    return {c.new or c.old or "" for c in Revisions(root, spec).changes()} - {""}


def _raw(fields: list[str]) -> list[FileChange]:
    """`git diff --raw -z`: ':old-mode new-mode old-blob new-blob status', then the path(s)."""
    found = []
    items = iter(f for f in fields if f != "")
    for meta in items:
        _, _, old_blob, new_blob, status = meta.split(" ")
        old_id = None if old_blob == _NO_BLOB else old_blob
        new_id = None if new_blob == _NO_BLOB else new_blob  # the working tree's file
        kind = status[0]
        if kind == "R":
            found.append(FileChange("R", next(items), next(items), old_id, new_id))
        elif kind == "C":
            next(items)
            found.append(FileChange("A", None, next(items), None, new_id))
        elif kind == "A":
            found.append(FileChange("A", None, next(items), None, new_id))
        elif kind == "D":
            found.append(FileChange("D", next(items), None, old_id, None))
        else:  # M, T (type change)
            path = next(items)
            found.append(FileChange("M", path, path, old_id, new_id))
    return found


def _relative(change: FileChange, prefix: str) -> FileChange:
    def strip(path: str | None) -> str | None:
        return path[len(prefix) :] if path is not None and path.startswith(prefix) else path

    return replace(change, old=strip(change.old), new=strip(change.new))


def _blob(commit: Commit, path: str) -> bytes:
    data: bytes = (commit.tree / path).data_stream.read()
    return data


def read_at(commit: Commit, path: str) -> bytes | None:
    """A file's bytes at a commit, or None when it is not there."""
    try:
        return _blob(commit, path)
    except KeyError:
        return None


class Blobs:
    """File contents from git's object store, by blob id."""

    def __init__(self, git: Repo) -> None:
        self.git = git

    def read(self, blob: str) -> bytes:
        """A blob's bytes; one larger than a record may be is files.Unreadable (Y005)."""
        stream = self.git.odb.stream(bytes.fromhex(blob))
        if stream.size > files.MAX_BYTES:
            raise files.too_large(stream.size)
        data: bytes = stream.read()
        return data


def history(root: Path, path: str, until: str | None = None) -> tuple[Blobs, list[Revision]]:
    """Every commit that touched the file (up to `until`, a revision), newest first, following
    renames (git log --follow), each with the blob ids of the file before and after it."""
    git, prefix = open_git(root)
    if not git.head.is_valid():
        return Blobs(git), []
    output = git.git.log(
        "--follow",
        "-M",
        "-z",
        "--raw",
        "--no-abbrev",
        "--format=%H%x00%an%x00%ae%x00%aI%x00%B%x00",
        *([until] if until else []),
        "--",
        prefix + path,
    )
    revisions = []
    for sha, author, email, when, message, raw in _commits(output.split("\0")):
        changes = _raw(raw)
        if not changes:
            continue  # a merge that took the file from one side: no change of its own
        change = _relative(changes[0], prefix)
        revisions.append(
            Revision(sha, author, email, datetime.fromisoformat(when), message.strip(), change)
        )
    return Blobs(git), revisions


# A line of `git diff --raw`: ':old-mode new-mode old-blob new-blob status' (sha-1 or sha-256).
_RAW_LINE = re.compile(r":[0-7]{6} [0-7]{6} [0-9a-f]{40,64} [0-9a-f]{40,64} [A-Z][0-9]*")


def _commits(fields: list[str]) -> Iterator[tuple[str, str, str, str, str, list[str]]]:
    """`git log -z --raw` with five NUL-ended fields a commit, read field by field: NUL is the
    one character git cannot put in a message or a name, so no text can end a commit early.

    Each commit: sha, author, e-mail, time, message, then its raw lines, each followed by its
    path (two for a rename or a copy).
    """
    at = 0
    while at < len(fields):
        if fields[at].strip("\n") == "":
            at += 1
            continue
        sha, author, email, when, message = fields[at : at + 5]
        at += 5
        raw: list[str] = []
        while at < len(fields):
            line = fields[at].strip("\n")
            if line == "":
                at += 1
            elif _RAW_LINE.fullmatch(line):
                paths = 2 if line.rpartition(" ")[2][0] in "RC" else 1
                raw += [line, *fields[at + 1 : at + 1 + paths]]
                at += 1 + paths
            else:
                break
        yield sha.strip("\n"), author, email, when, message, raw


def deleted_by(root: Path, sha: str) -> list[FileChange]:
    """The record files a commit deleted, with their blob ids."""
    git, prefix = open_git(root)
    output = git.git.diff_tree(
        "-r", "--no-commit-id", "--raw", "--no-abbrev", "-z", "--diff-filter=D", sha, "--",
        prefix + RECORDS_DIR,
    )  # fmt: skip
    return [_relative(c, prefix) for c in _raw(output.split("\0"))]


def find_in_history(root: Path, name: str) -> str | None:
    """The last path under records/ whose file is named `name` (a process's may add a slug:
    '1.1-opptak.md' for '1.1'), also if since deleted. `name` is an id: no glob characters."""
    git, prefix = open_git(root)
    if not git.head.is_valid():
        return None
    output = git.git.log(
        "--all",
        "--format=",
        "--name-only",
        "-z",
        "--diff-filter=AMRD",
        "--",
        f":(glob){prefix}{RECORDS_DIR}/**/{name}*",
    )
    for name_found in output.split("\0"):
        found = str(name_found).strip("\n")
        stem = found.rpartition("/")[2].rpartition(".")[0]
        if found and (stem == name or stem.startswith(f"{name}-")):
            return found[len(prefix) :]
    return None


def file_before(root: Path, path: str, day: date) -> bytes | None:
    """A file as it was committed before the day began (None outside git or without such a
    commit, or when the file was not there then)."""
    try:
        git, prefix = open_git(root)
    except UserError:
        return None
    if not git.head.is_valid():
        return None
    sha = git.git.rev_list("-1", f"--before={day.isoformat()}T00:00:00", "HEAD")
    return read_at(git.commit(sha), prefix + path) if sha else None
