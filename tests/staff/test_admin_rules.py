"""The rules of staff administration, without HTTP or a database."""

import re

from db.staff.onetime import one_time_password
from db.staff.rules import (
    Role,
    deactivation_problem,
    display_name_problem,
    drops_consultant,
    handover_problem,
    password_problem,
    role_change_problem,
    roles_problem,
    username_clash,
)

M, A, C = Role.MANAGER, Role.APPRAISER, Role.CONSULTANT


def test_a_name_is_needed_and_short():
    assert display_name_problem("  ") is not None
    assert display_name_problem("王" * 65) is not None
    assert display_name_problem("王建国") is None


def test_at_least_one_role():
    assert roles_problem(set()) == "Choose at least one role."
    assert roles_problem({C}) is None


def test_usernames_clash_whatever_their_case():
    assert username_clash("li.ming", ["Li.Ming", "boss"])
    assert username_clash(" BOSS ", ["boss"])
    assert not username_clash("li.ming2", ["li.ming"])


def _change(**kw):
    base = dict(
        actor_id=1,
        target_id=2,
        target_roles={M},
        new_roles={A},
        target_active=True,
        active_managers=2,
    )
    return role_change_problem(**{**base, **kw})


def test_a_manager_cannot_demote_themselves():
    assert "yourself" in _change(target_id=1)
    # keeping the manager role while adding another is fine, for oneself too
    assert _change(target_id=1, new_roles={M, C}) is None


def test_the_last_active_manager_keeps_the_role():
    assert "last active manager" in _change(active_managers=1)
    assert _change(active_managers=2) is None
    # a deactivated manager is not counted among the active ones, so may lose the role
    assert _change(active_managers=1, target_active=False) is None


def test_a_role_change_needs_a_role():
    assert _change(target_roles={C}, new_roles=set()) == "Choose at least one role."


def test_deactivation_rules():
    assert "own account" in deactivation_problem(
        actor_id=1, target_id=1, target_roles={M}, active_managers=3
    )
    assert "last active manager" in deactivation_problem(
        actor_id=1, target_id=2, target_roles={M}, active_managers=1
    )
    assert (
        deactivation_problem(actor_id=1, target_id=2, target_roles={M}, active_managers=2) is None
    )
    assert (
        deactivation_problem(actor_id=1, target_id=2, target_roles={C}, active_managers=1) is None
    )


def test_leads_go_to_the_pool_or_an_active_consultant_other_than_the_leaver():
    consultants = [5, 6]
    assert handover_problem("pool", None, consultants, 5) is None
    assert handover_problem("colleague", 6, consultants, 5) is None
    assert handover_problem("colleague", 5, consultants, 5) is not None  # the leaver
    assert handover_problem("colleague", 9, consultants, 5) is not None  # not a consultant
    assert handover_problem("colleague", None, consultants, 5) is not None
    assert handover_problem("", None, consultants, 5) == "Choose where their open leads go."


def test_only_taking_the_consultant_role_away_moves_open_leads():
    assert drops_consultant({C}, {A})
    assert drops_consultant({C, M}, {M})
    assert not drops_consultant({C}, {C, A})  # kept
    assert not drops_consultant({A}, {M})  # never had it
    assert not drops_consultant({A}, {C})  # given, not taken


def test_one_time_passwords_are_random_readable_and_long_enough():
    first, second = one_time_password(), one_time_password()
    assert first != second
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", first)
    assert not set(first) & set("01lo")
    assert password_problem(first) is None
