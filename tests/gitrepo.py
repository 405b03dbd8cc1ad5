"""Real git repositories for history tests: write files, commit, no mocks."""

from __future__ import annotations

from pathlib import Path

from git import Actor, Repo

LIV = Actor("Liv Berg", "liv.berg@example.invalid")
OLA = Actor("Ola Hansen", "ola.hansen@example.invalid")


class History:
    """A records repository under git; `commit` writes (text), deletes (None) and commits."""

    def __init__(self, root: Path, top: Path | None = None, when: str | None = None) -> None:
        self.root = root
        self.top = top or root
        self.git = Repo.init(self.top, initial_branch="main")
        self.commit({}, "Postene slik de var", when=when)

    def write(self, files: dict[str, str | None]) -> None:
        for name, text in files.items():
            path = self.root / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")

    def commit(
        self,
        files: dict[str, str | None],
        message: str,
        author: Actor = LIV,
        when: str | None = None,  # ISO time; default now
    ) -> str:
        self.write(files)
        self.git.git.add("--all")
        dates = {"author_date": when, "commit_date": when} if when else {}
        done = self.git.index.commit(message, author=author, committer=author, **dates)
        return done.hexsha

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")
