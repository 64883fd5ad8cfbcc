"""File numbers never collide (issue 12): drawn from a sequence per kind and year on
PostgreSQL, a counter row on SQLite (gem.services.files, revision 0006).

Measured before: two processes creating grievances at once lost 100 of 200 creations, eight
lost 349 of 400, to "duplicate key value violates unique constraint uq_grievances_file_number"
or "File number: G-2026-00705 is already used" — a number the person never typed.
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import func, inspect, select, text

from gem import clock, database_roles, schema
from gem.db import make_engine, session_factory, transaction
from gem.models import FileNumberCounter, Grievance
from gem.services.actor import SYSTEM
from gem.services.arbitration import ArbitrationService
from gem.services.errors import ValidationError
from gem.services.grievance import GrievanceService
from gem.services.personal_login import personal_url
from gem.services.recourse import RecourseService
from gem.services.settlement import AgreementService
from gem.services.users import UserService, actor_for
from tests import factories
from tests.conftest import PG_URL
from tests.lock_wait import Waiter

# Eight desks, fifty grievances each, on both engines. On SQLite, before GEM asked for the
# write lock itself (gem.db, _begin_immediate), about one run in three lost one creation to
# "database is locked": SQLite's own wait sleeps up to 100 ms between asks and a desk could
# miss the free moments for the whole 5 s.
DESKS, EACH = 8, 50


def _number(file_number: str) -> int:
    return int(file_number.rsplit("-", 1)[1])


def _grievance(session, actor, **fields):
    member = factories.member(session, actor).id
    return factories.grievance(session, actor, members=[member], **fields)


def _refusal(err: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    (error,) = err.value.errors
    return error.field, error.message("fr")


# ---------------------------------------------------------------------- one desk
def test_each_kind_counts_on_its_own_and_each_year_starts_again(tx, people):
    clock.set_clock("2026-11-02", running=True)
    admin = people["admin"]
    with tx() as s:
        made = _grievance(s, admin)
        first = made.file_number
        second = _grievance(s, admin).file_number
        arbitration = ArbitrationService().create(s, admin, {
            "procedure": "regular", "institution_id": 2,
            "grievance_ids": [made.id]}).file_number
        recourse = RecourseService().create(s, admin, {
            "forum": "CNESST", "kind": "cnesst_review", "institution_id": 2,
            "decision_date": "2026-09-10", "notification_date": "2026-09-15"}).file_number
        agreement = AgreementService().create(s, admin, {
            "kind": "settlement", "title": "Entente", "institution_id": 2}).file_number
    assert (first, second, arbitration, recourse, agreement) == (
        "G-2026-00001", "G-2026-00002", "A-2026-00001", "R-2026-00001", "E-2026-00001")
    clock.set_clock("2027-01-04", running=True)
    with tx() as s:
        assert _grievance(s, admin).file_number == "G-2027-00001"
        assert _grievance(s, admin).file_number == "G-2027-00002"
    clock.set_clock("2026-12-30", running=True)  # a clock put back: 2026 goes on where it was
    with tx() as s:
        assert _grievance(s, admin).file_number == "G-2026-00003"


def test_a_refused_creation_uses_no_number(tx, people):
    admin = people["admin"]
    with pytest.raises(ValidationError), tx() as s:
        _grievance(s, admin, title="")
    with tx() as s:  # the first number is still the next one: drawn after the checks
        assert _number(_grievance(s, admin).file_number) == 1


def test_a_number_typed_by_hand_that_is_taken_is_refused_on_its_field(tx, people):
    admin = people["admin"]
    with tx() as s:
        taken = _grievance(s, admin).file_number
    with pytest.raises(ValidationError) as err, tx() as s:
        _grievance(s, admin, file_number=taken)
    assert _refusal(err) == ("file_number", f"Numéro de dossier : « {taken} » est déjà utilisé.")
    with tx() as s:
        assert s.scalar(select(func.count()).select_from(Grievance)) == 1


def test_numbers_typed_by_hand_above_the_counter_are_skipped(tx, people):
    admin = people["admin"]
    year = clock.today().year
    with tx() as s:
        assert _grievance(s, admin).file_number == f"G-{year}-00001"
        _grievance(s, admin, file_number=f"G-{year}-00002")
        _grievance(s, admin, file_number=f"G-{year}-00004")
        _grievance(s, admin, file_number=f"G-{year}-0000X")  # not a number: collides with none
        assert _grievance(s, admin).file_number == f"G-{year}-00003"
        assert _grievance(s, admin).file_number == f"G-{year}-00005"


# ---------------------------------------------------------------------- many desks at once
def _create_grievances(url: str, login: str, member_id: int, count: int, barrier, out) -> None:
    """One desk of the race: ``count`` grievances, each its own transaction, started with
    the others at the barrier; reports the numbers it got and its failures."""
    engine = make_engine(url)
    sessions = session_factory(engine)
    with transaction(sessions) as s:
        actor = actor_for(UserService().by_login(s, login))
    numbers, failures = [], []
    barrier.wait(60)
    for _ in range(count):
        try:
            with transaction(sessions) as s:
                numbers.append(factories.grievance(s, actor, members=[member_id]).file_number)
        except Exception as exc:  # noqa: BLE001 - counted, that is the measure
            failures.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    engine.dispose()
    out.put((numbers, failures))


@pytest.mark.processes
def test_desks_creating_at_the_same_moment_get_distinct_numbers(engine, tx, people, backend):
    """Processes creating grievances at once on one database (DESKS): as many numbers as
    grievances, 1 to the last, and not one refusal (on SQLite too: one writer at a time, the
    others wait, gem.db)."""
    processes, each = DESKS, EACH
    with tx() as s:
        member_id = factories.member(s, SYSTEM).id
    url = engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    out, barrier = ctx.Queue(), ctx.Barrier(processes)
    desks = [ctx.Process(target=_create_grievances,
                         args=(url, "secretaire", member_id, each, barrier, out))
             for _ in range(processes)]
    started = time.monotonic()
    for desk in desks:
        desk.start()
    results = [out.get(timeout=300) for _ in desks]
    for desk in desks:
        desk.join(60)
    elapsed = time.monotonic() - started
    failures = [f for _numbers, found in results for f in found]
    numbers = [n for found, _failures in results for n in found]
    assert failures == [], failures[:5]
    year = clock.today().year
    assert sorted(numbers) == [f"G-{year}-{n:05d}" for n in range(1, processes * each + 1)]
    with tx() as s:
        stored = list(s.scalars(select(Grievance.file_number)))
    assert sorted(stored) == sorted(numbers)
    print(f"\n{backend}: {processes} processes x {each} grievances: {len(set(numbers))} "
          f"distinct numbers, {len(failures)} refused, {elapsed:.1f} s")


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_a_number_typed_by_hand_at_the_same_moment_is_drawn_past(engine, sessions, people,
                                                                 backend):
    """PostgreSQL: someone types the very number the sequence hands out next, in a
    transaction not committed yet; the automatic creation waits for it, then takes the next
    number instead of failing."""
    if backend != "postgresql":
        pytest.skip("SQLite lets one writer at a time: the race cannot happen")
    admin, year = people["admin"], clock.today().year
    with transaction(sessions) as s:
        drawn = _number(_grievance(s, admin).file_number)
    typed = f"G-{year}-{drawn + 1:05d}"
    holder = sessions()
    holder.begin()
    _grievance(holder, admin, file_number=typed)
    holder.flush()  # the row exists, uncommitted: the draw's own check cannot see it

    def create() -> str:
        with transaction(sessions) as s:
            return _grievance(s, admin).file_number

    waiter = Waiter(engine, create)  # until it waits on the typed number's row
    holder.commit()
    holder.close()
    assert waiter.outcome() == [f"G-{year}-{drawn + 2:05d}"]


# ---------------------------------------------------------------------- revision 0006
def _fill_0005(conn) -> None:
    rows = [("G-2025-00300", "grievances"), ("G-2026-00005", "grievances"),
            ("G-2026-00017", "grievances"), ("G-2026-ABC", "grievances"),
            ("A-2026-00004", "arbitrations")]
    for number, table in rows:
        if table == "grievances":
            conn.execute(text("INSERT INTO grievances (file_number, kind, nature, "
                              "institution_id, title) VALUES (:n, 'individual', 'pay', 2, "
                              "'Avant 0006')"), {"n": number})
        else:
            conn.execute(text("INSERT INTO arbitrations (file_number, procedure, "
                              "institution_id) VALUES (:n, 'regular', 2)"), {"n": number})


def test_revision_0006_starts_above_the_numbers_already_used(empty_engine, backend):
    engine = empty_engine
    schema.upgrade(engine, "0005")
    with engine.begin() as conn:
        _fill_0005(conn)
    schema.upgrade(engine, "0006")
    with engine.connect() as conn:
        if backend == "sqlite":
            counters = set(conn.execute(select(FileNumberCounter.prefix, FileNumberCounter.year,
                                               FileNumberCounter.last)).all())
            assert counters == {("G", 2025, 300), ("G", 2026, 17), ("A", 2026, 4)}
    schema.upgrade(engine)
    sessions = session_factory(engine)
    clock.set_clock("2026-11-02", running=True)
    with transaction(sessions) as s:
        admin = actor_for(UserService().create(s, SYSTEM, {
            "login": "admin", "full_name": "Admin Test", "role": "admin",
            "password": "motdepasse-123"}))
        made = _grievance(s, admin)
        assert made.file_number == "G-2026-00018"
        assert ArbitrationService().create(s, admin, {
            "procedure": "regular", "institution_id": 2,
            "grievance_ids": [made.id]}).file_number == "A-2026-00005"
    clock.set_clock("2025-12-01", running=True)
    with transaction(sessions) as s:
        assert _grievance(s, admin, event_date="2025-09-01", knowledge_date="2025-09-03",
                          filed_date="2025-09-20").file_number == "G-2025-00301"
    schema.downgrade(engine, "0005")
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert not {"file_number_counters", "creation_keys"} & tables
        assert conn.scalar(text("SELECT count(*) FROM grievances")) == 6
        if backend == "postgresql":
            assert conn.scalar(text("SELECT count(*) FROM pg_proc "
                                    "WHERE proname = 'gem_next_file_number'")) == 0
            assert conn.scalar(text("SELECT count(*) FROM pg_class WHERE relkind = 'S' "
                                    "AND relname LIKE 'gem_file_number_%'")) == 0
    schema.upgrade(engine)  # and up again, seeded from what is there now
    clock.set_clock("2026-11-03", running=True)
    with transaction(sessions) as s:
        assert _grievance(s, admin).file_number == "G-2026-00019"


# ---------------------------------------------------------------------- a secured database
pg_only = pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")


def _own(secured, login: str):
    """The person's own PostgreSQL login (the test server trusts local connections) and
    the actor they are."""
    engine = make_engine(personal_url(secured.url, login, None))
    with transaction(session_factory(engine)) as s:
        actor = actor_for(UserService().by_login(s, login))
    return engine, actor


@pg_only
def test_a_counsellors_own_login_numbers_above_a_confidential_file_it_cannot_see(secured):
    """``conseil`` does not see ``conseil2``'s confidential files, whose numbers are the
    highest of a year no file had yet: its max() would have been 0, then a collision."""
    year = clock.today().year + 3
    clock.set_clock(f"{year}-03-02", running=True)
    superuser = make_engine(secured.url)
    engine, conseil = _own(secured, "conseil")
    try:
        with transaction(session_factory(superuser)) as s:
            other = actor_for(UserService().by_login(s, "conseil2"))
            _grievance(s, other, counsellor_id=other.id, confidential=True,
                       file_number=f"G-{year}-00077")
        with transaction(session_factory(engine)) as s:
            assert not GrievanceService().find(s, conseil, {"confidential": True,
                                                            "counsellor_id": other.id})
            assert _grievance(s, conseil, counsellor_id=conseil.id).file_number == \
                f"G-{year}-00078"
        with transaction(session_factory(superuser)) as s:  # the next one, hidden too
            _grievance(s, other, counsellor_id=other.id, confidential=True,
                       file_number=f"G-{year}-00079")
        with transaction(session_factory(engine)) as s:
            assert _grievance(s, conseil, counsellor_id=conseil.id).file_number == \
                f"G-{year}-00080"
        # typed by hand: refused on its field, as if the file were visible
        with pytest.raises(ValidationError) as err, transaction(session_factory(engine)) as s:
            _grievance(s, conseil, counsellor_id=conseil.id, file_number=f"G-{year}-00077")
        assert _refusal(err) == ("file_number",
                                 f"Numéro de dossier : « G-{year}-00077 » est déjà utilisé.")
        # the sequence is the owner's: nobody's own login draws or moves it
        with secured.connect("conseil") as conn, pytest.raises(
                psycopg.errors.InsufficientPrivilege):
            conn.execute(f"SELECT nextval('gem_file_number_g_{year}')")
    finally:
        engine.dispose()
        superuser.dispose()


@pg_only
def test_gem_db_setup_takes_over_the_sequences_made_before_it(secured):
    """A database used before ``gem db setup`` has sequences owned by whoever drew from
    them; the function then runs as the tables' owner and must still draw from them."""
    year = clock.today().year + 4
    clock.set_clock(f"{year}-03-02", running=True)
    superuser = make_engine(secured.url)
    engine, conseil = _own(secured, "conseil")
    try:
        with superuser.begin() as conn:
            conn.execute(text("SELECT gem_next_file_number('R', :y)"), {"y": year})
            conn.execute(text(f"ALTER SEQUENCE gem_file_number_r_{year} OWNER TO postgres"))
            database_roles.setup(conn)
        with transaction(session_factory(engine)) as s:
            created = RecourseService().create(s, conseil, {
                "forum": "CNESST", "kind": "cnesst_review", "institution_id": 2,
                "decision_date": (clock.today() - timedelta(days=20)).isoformat(),
                "notification_date": (clock.today() - timedelta(days=15)).isoformat()})
            assert created.file_number == f"R-{year}-00002"
    finally:
        engine.dispose()
        superuser.dispose()
