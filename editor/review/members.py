"""Who belongs to a workspace and what each person may do, from ``members.yaml``.

The file is meant to be read and edited by people::

    members:
    - name: Ana Pereira
      email: ana@example.com
      roles: [author, reviewer]

People are identified by email (compared case-insensitively). A broken entry is left out
and reported, so one typo locks out only that person, never the whole team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from editor import frontmatter
from editor.atomic import WriteError, atomic_write_text, write_lock
from editor.emails import is_email
from editor.lesson_file import LoadError, read_text
from editor.review.storage import ReviewError
from editor.workspace import MEMBERS_FILE, Workspace

ROLES = ("author", "reviewer", "publisher")
_HEADER = ("# Members of this Tessera workspace. Roles: author (writes and submits), reviewer\n"
           "# (comments, approves, requests changes), publisher (publishes and retires).\n")


@dataclass(frozen=True)
class Member:
    name: str
    email: str                  # stored lower-case
    roles: frozenset[str]

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def label(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass
class Members:
    people: list[Member] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # entries left out, and why
    path: Path | None = None                              # None when the workspace has no members.yaml

    def find(self, email: str) -> Member | None:
        wanted = email.strip().lower()
        return next((member for member in self.people if member.email == wanted), None)

    def require(self, email: str, role: str | None = None, doing: str = "") -> Member:
        """The member with ``email`` (holding ``role``), else a ReviewError that says what to do."""
        if self.path is None:
            raise ReviewError("This workspace has no members yet, so nobody may review or publish. "
                              "Add people in Library ▸ People… (CLI: 'tessera members add').")
        member = self.find(email)
        if member is None:
            raise ReviewError(f"{email or 'An empty email'} is not a member of this workspace. Check the "
                              f"email in your preferences (CLI: --as), or ask to be added to {self.path}.")
        if role is not None and not member.has(role):
            action = f" to {doing}" if doing else ""
            raise ReviewError(f"{member.label} needs the '{role}' role{action}. Ask a workspace "
                              "admin to add it under People (CLI: 'tessera members add').")
        return member

    def display(self, email: str) -> str:
        member = self.find(email)
        return member.label if member else email



def load_members(workspace: Workspace) -> Members:
    """The workspace's members; unreadable files raise ReviewError, bad entries become ``problems``."""
    path = workspace.root / MEMBERS_FILE
    if not path.exists():
        return Members()
    try:
        text, _ = read_text(path)
        data = yaml.safe_load(text) if text.strip() else {}
    except LoadError as exc:
        raise ReviewError(str(exc)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ReviewError(f"{path} is not valid YAML{where}. Fix it in a text editor: each member is "
                          "'- name: …', 'email: …', 'roles: [author, reviewer]'.") from exc
    entries = data.get("members") if isinstance(data, dict) else None
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise ReviewError(f"{path}: 'members' must be a list of people ('- name: …' lines).")
    members = Members(path=path)
    for number, entry in enumerate(entries, start=1):
        _add_entry(members, number, entry)
    return members


def _add_entry(members: Members, number: int, entry: object) -> None:
    where = f"{members.path}: member {number}"
    if not isinstance(entry, dict):
        members.problems.append(f"{where} is not 'name/email/roles'; it is ignored.")
        return
    email = str(entry.get("email") or "").strip().lower()
    if not is_email(email):
        members.problems.append(f"{where} has no valid email ('{email}'); it is ignored.")
        return
    if members.find(email):
        members.problems.append(f"{where}: {email} is listed twice; only the first entry counts.")
        return
    raw_roles = entry.get("roles") or []
    roles = [raw_roles] if isinstance(raw_roles, str) else raw_roles
    if not isinstance(roles, list):
        members.problems.append(f"{where}: roles must be a list like [author, reviewer]; none are given.")
        roles = []
    named = {str(role).strip().lower() for role in roles}
    known, unknown = named & set(ROLES), sorted(named - set(ROLES))
    if unknown:
        members.problems.append(f"{where}: unknown role(s) {', '.join(unknown)} are ignored; use "
                                f"{', '.join(ROLES)}.")
    members.people.append(Member(str(entry.get("name") or "").strip(), email, frozenset(known)))


def add_member(workspace: Workspace, name: str, email: str, roles: list[str]) -> Member:
    """Add or update one person in members.yaml, merged with whatever others added meanwhile.

    Comments in the file are not kept: it is rewritten with a fixed explanatory header.
    """
    email = _checked_email(email)
    updated = Member(name.strip(), email, _checked_roles(roles))

    def change(people: list[Member]) -> list[Member]:
        people = [updated if person.email == email else person for person in people]
        return people if updated in people else [*people, updated]

    _rewrite(workspace, change)
    return updated


def set_roles(workspace: Workspace, email: str, roles: list[str]) -> Member:
    """Give an existing member exactly ``roles``."""
    wanted = _checked_roles(roles)
    changed: list[Member] = []

    def change(people: list[Member]) -> list[Member]:
        person = _existing(people, email)
        changed.append(Member(person.name, person.email, wanted))
        return [changed[0] if other is person else other for other in people]

    _rewrite(workspace, change)
    return changed[0]


def remove_member(workspace: Workspace, email: str) -> Member:
    """Take one person out of members.yaml (their past review events stay, judged without them)."""
    removed: list[Member] = []

    def change(people: list[Member]) -> list[Member]:
        removed.append(_existing(people, email))
        return [person for person in people if person is not removed[0]]

    _rewrite(workspace, change)
    return removed[0]


def _checked_email(email: str) -> str:
    email = email.strip().lower()
    if not is_email(email):
        raise ReviewError(f"'{email}' is not an email address; use the form name@example.com.")
    return email


def _checked_roles(roles: list[str]) -> frozenset[str]:
    wrong = [role for role in roles if role not in ROLES]
    if wrong or not roles:
        raise ReviewError(f"Give one or more roles among {', '.join(ROLES)} (got: {', '.join(roles)}).")
    return frozenset(roles)


def _existing(people: list[Member], email: str) -> Member:
    wanted = email.strip().lower()
    found = next((person for person in people if person.email == wanted), None)
    if found is None:
        raise ReviewError(f"{email} is not a member of this workspace; see 'tessera members list'.")
    return found


def _rewrite(workspace: Workspace, change: Callable[[list[Member]], list[Member]]) -> None:
    """Lock, re-read, apply ``change``, check, write: two people editing members at once both keep
    their changes."""
    path = workspace.root / MEMBERS_FILE
    try:
        with write_lock(path):
            current = load_members(workspace)
            if current.problems:
                # Rewriting would drop the entries we could not read: the admin fixes them first.
                raise ReviewError("members.yaml has problems; fix them before changing anyone:\n"
                                  + "\n".join(current.problems))
            people = change(current.people)
            had_publisher = any(person.has("publisher") for person in current.people)
            if had_publisher and not any(person.has("publisher") for person in people):
                raise ReviewError("That would leave nobody with the 'publisher' role, so nobody could "
                                  "publish or change the review policy. Give someone else the role first.")
            entries = [{"name": person.name, "email": person.email,
                        "roles": [role for role in ROLES if person.has(role)]} for person in people]
            atomic_write_text(path, _HEADER + frontmatter.dump({"members": entries}))
    except WriteError as exc:
        raise ReviewError(str(exc)) from exc
