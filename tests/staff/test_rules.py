from datetime import UTC, datetime, timedelta

from db.staff.rules import (
    Role,
    failures_since_success,
    home_path,
    locked_until,
    login_delay,
    may_act_as,
    password_problem,
    roles_from_flags,
    safe_next,
    username_problem,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LIMITS = dict(lock_after=5, lock_minutes=15, window_minutes=15)


def test_manager_may_do_everything_others_only_their_roles():
    assert may_act_as({Role.MANAGER}, {Role.APPRAISER})
    assert may_act_as({Role.APPRAISER, Role.CONSULTANT}, {Role.CONSULTANT})
    assert not may_act_as({Role.CONSULTANT}, {Role.APPRAISER})
    assert not may_act_as(set(), {Role.APPRAISER})


def test_roles_from_flags_allows_several():
    assert roles_from_flags(is_manager=False, is_appraiser=True, is_consultant=True) == {
        Role.APPRAISER,
        Role.CONSULTANT,
    }


def test_home_path_follows_the_main_role():
    assert home_path({Role.MANAGER, Role.CONSULTANT}) == "/manager"
    assert home_path({Role.CONSULTANT}) == "/today"
    assert home_path({Role.APPRAISER}) == "/appraisals"
    assert home_path(set()) == "/me"


def test_a_success_clears_earlier_failures():
    t = [NOW - timedelta(minutes=m) for m in (10, 8, 6, 4)]
    attempts = [(t[0], False), (t[1], False), (t[2], True), (t[3], False)]
    assert failures_since_success(reversed(attempts)) == [t[3]]


def test_lock_after_enough_recent_failures_for_a_while():
    failures = [NOW - timedelta(minutes=m) for m in (4, 3, 2, 1, 0)]
    assert locked_until(failures, NOW, **LIMITS) == NOW + timedelta(minutes=15)
    assert locked_until(failures[:4], NOW, **LIMITS) is None
    later = NOW + timedelta(minutes=16)
    assert locked_until(failures, later, **LIMITS) is None


def test_old_failures_outside_the_window_do_not_count():
    failures = [NOW - timedelta(minutes=m) for m in (40, 30, 20, 1, 0)]
    assert locked_until(failures, NOW, **LIMITS) is None


def test_failed_answers_slow_down_then_cap():
    delays = [login_delay(n, slow_after=3, base_seconds=1.0) for n in range(1, 10)]
    assert delays[:2] == [0.0, 0.0]
    assert delays[2:6] == [1.0, 2.0, 4.0, 8.0]
    assert max(delays) == 8.0


def test_only_local_paths_are_followed_after_sign_in():
    assert safe_next("/inventory?make=byd") == "/inventory?make=byd"
    for bad in (
        "https://evil.example/",
        "//evil.example",
        "/\\evil",
        "",
        None,
        "/login",
        "inventory",
    ):
        assert safe_next(bad) is None


def test_username_and_password_rules():
    assert username_problem("wang.jianguo") is None
    assert username_problem("Wang") is not None
    assert username_problem("ab") is not None
    assert password_problem("short") is not None
    assert password_problem("zhaolei-2026", "zhaolei-2026") is not None
    assert password_problem("lotside-demo") is None
