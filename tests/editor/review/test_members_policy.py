"""members.yaml and the review section of tessera.yaml: readable files, clear errors, nothing guessed."""

from __future__ import annotations

import pytest

from editor.review import Policy, ReviewError, add_member, load_members, load_policy, save_policy
from editor.workspace import Workspace


def write_members(workspace: Workspace, text: str) -> None:
    (workspace.root / "members.yaml").write_text(text, encoding="utf-8")


def test_members_file_is_human_readable_and_round_trips(workspace: Workspace) -> None:
    add_member(workspace, "Ana Pereira", "Ana@Example.com", ["author", "reviewer"])
    add_member(workspace, "Bo", "bo@example.com", ["publisher"])
    add_member(workspace, "Ana P.", "ana@example.com", ["author"])   # an update, not a second entry
    text = (workspace.root / "members.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Members of this Tessera workspace")
    assert "- name: Ana P.\n  email: ana@example.com\n  roles: [author]\n" in text
    members = load_members(workspace)
    assert [(m.name, m.email, sorted(m.roles)) for m in members.people] == [
        ("Ana P.", "ana@example.com", ["author"]), ("Bo", "bo@example.com", ["publisher"])]
    assert members.find("  ANA@example.COM ") is not None and members.problems == []


def test_bad_entries_are_left_out_and_reported(workspace: Workspace) -> None:
    write_members(workspace, "members:\n"
                             "- {name: Ok, email: ok@example.com, roles: [reviewer, boss]}\n"
                             "- {name: No mail, roles: [author]}\n"
                             "- just a string\n"
                             "- {name: Twice, email: OK@example.com, roles: [publisher]}\n")
    members = load_members(workspace)
    assert [m.email for m in members.people] == ["ok@example.com"]
    assert sorted(members.people[0].roles) == ["reviewer"]
    assert len(members.problems) == 4
    assert "boss" in members.problems[0] and "member 2" in members.problems[1]
    with pytest.raises(ReviewError, match="fix them before changing"):
        add_member(workspace, "New", "new@example.com", ["author"])


def test_unreadable_members_file_is_a_clear_error(workspace: Workspace) -> None:
    write_members(workspace, "members: [\n  - oops")
    with pytest.raises(ReviewError, match=r"members\.yaml is not valid YAML"):
        load_members(workspace)
    write_members(workspace, "members: everyone\n")
    with pytest.raises(ReviewError, match="must be a list"):
        load_members(workspace)


def test_add_member_checks_its_input(workspace: Workspace) -> None:
    with pytest.raises(ReviewError, match="not an email"):
        add_member(workspace, "X", "not-an-email", ["author"])
    with pytest.raises(ReviewError, match="roles among"):
        add_member(workspace, "X", "x@example.com", ["admin"])


def test_policy_defaults_and_saving_keeps_the_workspace_file(workspace: Workspace) -> None:
    assert load_policy(workspace) == Policy(approvals_needed=1, authors_may_approve=False)
    save_policy(workspace, Policy(approvals_needed=2, authors_may_approve=True))
    assert load_policy(workspace) == Policy(2, True)
    assert Workspace.open(workspace.root).name == "Test workspace"
    text = (workspace.root / "tessera.yaml").read_text(encoding="utf-8")
    assert "format: 1" in text and "review:\n  approvals_needed: 2\n  authors_may_approve: true\n" in text


@pytest.mark.parametrize(("section", "message"), [
    ("review: [1]", "key: value"),
    ("review:\n  approvals_needed: two", "whole number"),
    ("review:\n  approvals_needed: 0", "whole number"),
    ("review:\n  approvals_needed: true", "whole number"),
    ("review:\n  authors_may_approve: sometimes", "true or false"),
    ("review:\n  approvals: 2", "unknown setting"),
])
def test_a_policy_that_cannot_be_read_is_an_error_not_a_default(workspace: Workspace, section: str,
                                                                message: str) -> None:
    (workspace.root / "tessera.yaml").write_text(f"name: W\nformat: 1\n{section}\n", encoding="utf-8")
    with pytest.raises(ReviewError, match=message):
        load_policy(workspace)


def test_roles_change_and_members_leave_under_the_same_rules(workspace: Workspace) -> None:
    from editor.review.members import remove_member, set_roles

    add_member(workspace, "Ana", "ana@example.com", ["author"])
    add_member(workspace, "Pat", "pat@example.com", ["publisher"])
    changed = set_roles(workspace, "ANA@example.com", ["author", "reviewer"])
    assert sorted(changed.roles) == ["author", "reviewer"]
    assert load_members(workspace).find("ana@example.com").name == "Ana"   # the name is kept
    with pytest.raises(ReviewError, match="roles among"):
        set_roles(workspace, "ana@example.com", [])
    with pytest.raises(ReviewError, match="not a member"):
        remove_member(workspace, "zoe@example.com")
    # The last publisher cannot go, nor lose the role: nobody could publish any more.
    with pytest.raises(ReviewError, match="nobody with the 'publisher' role"):
        remove_member(workspace, "pat@example.com")
    with pytest.raises(ReviewError, match="nobody with the 'publisher' role"):
        set_roles(workspace, "pat@example.com", ["reviewer"])
    assert remove_member(workspace, "ana@example.com").email == "ana@example.com"
    assert [m.email for m in load_members(workspace).people] == ["pat@example.com"]
