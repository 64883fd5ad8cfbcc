"""Failed sign-ins slow down, then lock, the login that was typed (gem.services.sign_in): an
unknown login, a deactivated account, an account without a password and a wrong password
get the same delay, the same single Argon2 check and the same message; five failures lock
the login for fifteen minutes, the right password included; a success or the time passing
clears it; every failure is stored and audited although the sign-in's own transaction rolls
back, and the audit never holds a password or a hash. The delays are slept through
``sign_in.sleep``, which these tests replace by a clock that moves forward."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from gem import clock
from gem.i18n import language
from gem.models import AuditEntry, SignInAttempts, User
from gem.services import sign_in, users
from gem.services.users import SignInError, SignInLocked, UserService

PASSWORD = "motdepasse-123"
WRONG = "pas-le-bon-mot-de-passe"
# 14:00 UTC on 23 November 2026 is 09:00 in Québec (EST)
START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


@pytest.fixture
def slept(monkeypatch, engine) -> list[float]:
    """Every delay asked for, in order; the pinned clock moves forward by each one (and no
    database connection may be held meanwhile)."""
    delays: list[float] = []

    def fake_sleep(seconds: float) -> None:
        assert engine.pool.checkedout() == 0, "a connection is held during the delay"
        delays.append(seconds)
        clock.set_clock(clock.now() + timedelta(seconds=seconds))

    monkeypatch.setattr(sign_in, "sleep", fake_sleep)
    with clock.frozen(START):
        yield delays


@pytest.fixture
def verified(monkeypatch) -> list[str]:
    """The Argon2 parameters (m=…,t=…,p=…) of every hash a password was checked against."""
    real = users._hasher
    checked: list[str] = []

    class Spy:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, stored: str, password: str) -> bool:
            checked.append(stored.split("$")[3])
            return real.verify(stored, password)

        def check_needs_rehash(self, stored: str) -> bool:
            return real.check_needs_rehash(stored)

    monkeypatch.setattr(users, "_hasher", Spy())
    return checked


def _try(tx, login: str, password: str) -> BaseException | None:
    """One sign-in as the window runs it (inside gem.db.transaction); the refusal, if any."""
    try:
        with tx() as session:
            UserService().authenticate(session, login, password)
    except SignInError as exc:
        return exc
    return None


def _row(tx, login: str) -> SignInAttempts | None:
    with tx() as session:
        return session.get(SignInAttempts, sign_in.key_for(login))


def _failed_entries(tx) -> list[AuditEntry]:
    with tx() as session:
        return list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "sign_in_failed").order_by(AuditEntry.id)))


# ---------------------------------------------------------------------- the schedule
def test_delays_grow_then_five_failures_lock_until_a_time_in_quebec(tx, people, slept):
    answers = [_try(tx, "conseil", WRONG) for _ in range(5)]
    assert slept == [1, 2, 4, 8]  # none before the first answer, then 1, 2, 4, 8 s
    assert [type(a) for a in answers] == [SignInError] * 4 + [SignInLocked]
    assert len({a.message() for a in answers[:4]}) == 1
    # the fifth failure came at 09:00:15 Québec time: locked for fifteen minutes
    assert answers[4].message("fr") == "Trop d'essais : réessayez après 09:15."
    locked = _row(tx, "conseil")
    assert locked.failures == sign_in.MAX_FAILURES
    # the right password is refused too, at once, and counts nothing more
    refused = _try(tx, "conseil", PASSWORD)
    assert isinstance(refused, SignInLocked)
    assert refused.message("fr") == "Trop d'essais : réessayez après 09:15."
    assert slept == [1, 2, 4, 8]
    assert _row(tx, "conseil").failures == sign_in.MAX_FAILURES
    with tx() as session:
        assert session.scalars(select(User).where(User.login == "conseil")).one() \
            .last_login_at is None
    # another login is not concerned
    assert _try(tx, "secretaire", PASSWORD) is None


def test_the_lock_runs_out_and_the_login_starts_afresh(tx, people, slept):
    for _ in range(5):
        _try(tx, "conseil", WRONG)
    clock.set_clock(clock.now() + timedelta(minutes=14, seconds=59))
    assert isinstance(_try(tx, "conseil", PASSWORD), SignInLocked)
    clock.set_clock(clock.now() + timedelta(seconds=1))
    slept.clear()
    assert _try(tx, "conseil", PASSWORD) is None
    assert slept == []  # nothing left to wait for
    assert _row(tx, "conseil") is None


def test_a_success_clears_the_failures(tx, people, slept):
    for _ in range(3):
        _try(tx, "conseil", WRONG)
    assert _try(tx, "conseil", PASSWORD) is None
    assert slept == [1, 2, 4]  # the right password waited like any answer for that login
    assert _row(tx, "conseil") is None
    assert isinstance(_try(tx, "conseil", WRONG), SignInError)
    assert slept == [1, 2, 4]  # counting starts again from nothing
    assert _row(tx, "conseil").failures == 1


def test_old_failures_are_forgotten(tx, people, slept):
    for _ in range(4):
        _try(tx, "conseil", WRONG)
    clock.set_clock(clock.now() + timedelta(minutes=sign_in.FORGET_MINUTES))
    slept.clear()
    assert not isinstance(_try(tx, "conseil", WRONG), SignInLocked)
    assert slept == []
    assert _row(tx, "conseil").failures == 1


# ---------------------------------------------------------------------- one path for all
def test_unknown_deactivated_passwordless_and_wrong_password_answer_alike(tx, people, slept,
                                                                         verified):
    with tx() as session:
        session.scalars(select(User).where(User.login == "lecteur")).one().active = False
        session.scalars(select(User).where(User.login == "coord")).one().password_hash = None
    cases = {"inconnu": PASSWORD,  # no such account
             "lecteur": PASSWORD,  # deactivated, with its right password
             "coord": PASSWORD,  # no password set
             "conseil": WRONG,  # wrong password
             "conseil2": WRONG}  # wrong password, English-speaking account
    seen = {}
    for login, password in cases.items():
        clock.set_clock(START)  # each from the same moment, so their lock times compare
        slept.clear()
        verified.clear()
        answers = [_try(tx, login, password) for _ in range(6)]
        seen[login] = ([(type(a), a.message()) for a in answers], list(slept), list(verified))
    first = seen["inconnu"]
    for login, result in seen.items():
        assert result == first, login
    answers, delays, checks = first
    assert [kind for kind, _ in answers] == [SignInError] * 4 + [SignInLocked] * 2
    assert answers[0][1] == "Identifiant ou mot de passe incorrect."
    assert delays == [1, 2, 4, 8]
    # exactly one Argon2 verification per answer before the lock, with the parameters of a
    # real account's hash (a dummy hash stands in when there is no usable one)
    with tx() as session:
        real = session.scalars(select(User.password_hash).where(User.login == "conseil")).one()
    assert checks == [real.split("$")[3]] * 5
    # the locked answers name the same time for every one of them
    assert len({message for _, message in answers[4:]}) == 1


def test_an_unknown_login_is_locked_like_a_real_one_without_an_account(tx, people, slept):
    for _ in range(5):
        _try(tx, "  devine  ", WRONG)
    assert _row(tx, "devine").failures == 5  # counted as typed, spaces around it removed
    assert isinstance(_try(tx, "devine", PASSWORD), SignInLocked)
    with tx() as session:
        assert session.scalars(select(User).where(User.login == "devine")).first() is None


def test_a_typed_login_is_counted_by_its_digest_only(tx, people, slept):
    """Whatever was typed (a password in the wrong field, 300 characters) is never stored:
    the same text always meets the same counter."""
    login = "x" * 300
    assert type(_try(tx, login, WRONG)) is SignInError
    assert type(_try(tx, f"  {login} ", WRONG)) is SignInError
    assert _row(tx, login).failures == 2
    with tx() as session:
        keys = list(session.scalars(select(SignInAttempts.login)))
    assert keys == [sign_in.key_for(login)] and "x" not in keys[0]


def test_the_message_is_in_the_language_of_the_window_never_the_account(tx, people):
    english = _try(tx, "conseil2", WRONG)  # conseil2's own language is English
    unknown = _try(tx, "personne", WRONG)
    assert english.message() == unknown.message() == "Identifiant ou mot de passe incorrect."
    with language("en"):
        assert english.message() == unknown.message()


# ---------------------------------------------------------------------- stored and audited
def test_a_failure_is_stored_and_audited_although_the_sign_in_rolls_back(tx, people):
    with pytest.raises(SignInError), tx() as session:
        UserService().authenticate(session, "conseil", WRONG)
    row = _row(tx, "conseil")
    assert row.failures == 1 and row.last_failed_at is not None and row.locked_until is None
    with pytest.raises(SignInError), tx() as session:
        UserService().authenticate(session, "nobody", WRONG)
    entries = _failed_entries(tx)
    assert [(e.entity, e.entity_id, e.user_id, e.user_login, e.after) for e in entries] == [
        ("user", people["conseil"].id, None, "conseil", {"login": "conseil", "failures": 1}),
        ("user", None, None, "?", {"login": None, "typed_digest": sign_in.key_for("nobody"),
                                   "failures": 1})]


def test_the_audit_of_failures_holds_no_password_nor_hash(tx, people, slept):
    for _ in range(6):
        _try(tx, "conseil", WRONG)
    _try(tx, "conseil", PASSWORD)
    _try(tx, "inconnu", WRONG)
    entries = _failed_entries(tx)
    assert len(entries) == 8
    text = json.dumps([[e.before, e.after, e.user_login] for e in entries])
    assert WRONG not in text and PASSWORD not in text and "$argon2" not in text
    locking = entries[4].after
    assert locking["failures"] == 5 and locking["login"] == "conseil"
    assert locking["locked_until"].startswith("2026-11-23T14:15:15")
    with tx() as session:  # nor any other entry the sign-ins wrote
        written = [e for e in session.scalars(select(AuditEntry))
                   if e.action.startswith("sign_in")]
    assert WRONG not in json.dumps([[e.before, e.after] for e in written])
    assert "$argon2" not in json.dumps([[e.before, e.after] for e in written])


def test_the_first_administrator_signs_in_in_the_transaction_that_created_it(sessions, tx):
    """The sign-in dialog creates the first account and signs it in in one transaction: the
    policy's own short transactions must not wait for that one's lock."""
    from gem.db import transaction
    from gem.services.actor import SYSTEM

    service = UserService()
    with transaction(sessions) as session:
        service.create(session, SYSTEM, {"login": "it", "full_name": "Informatique",
                                         "role": "admin", "password": PASSWORD})
        session.flush()
        assert service.authenticate(session, "it", PASSWORD).is_admin
    assert _row(tx, "it") is None
