"""Trainee progress: the database, in one module, behind one repository class.

SQLAlchemy 1.4 used the 2.0 way (``future=True``, ``select()``); the schema is
created and changed by Alembic migrations (``migrations/``), never by
``create_all``. Nothing connects at import: ``Repository.from_url`` builds the
engine, runs the migrations once, and every method is one unit of work with its
own session. SQLite under ``var/`` by default; any SQLAlchemy URL from
``COACH_DATABASE_URL``.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    cast,
    create_engine,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.pool import NullPool, QueuePool

from coach.roleplay.state import SessionState
from coach.settings import PROJECT_ROOT, default_database_url

# Typed as Any: SQLAlchemy 1.4 has no type hints (its mypy plugin needs sqlalchemy2-stubs).
Base: Any = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Trainee(Base):
    __tablename__ = "trainees"
    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class RoleplaySession(Base):
    __tablename__ = "roleplay_sessions"
    id = Column(Integer, primary_key=True)
    trainee_id = Column(Integer, ForeignKey("trainees.id"), nullable=False, index=True)
    persona = Column(String(32), nullable=False)
    style = Column(String(32), nullable=True)
    scenario_id = Column(String(64), nullable=False)
    seed = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False, default="active")  # active|won|lost|ended
    difficulty = Column(String(16), nullable=False, default="normal")  # easy|normal|hard
    next_step = Column(String(10), nullable=True)  # ISO date agreed when won
    state = Column(JSON, nullable=False, default=dict)  # the engine's state, after each turn
    score = Column(Float, nullable=True)
    started_at = Column(DateTime, nullable=False, default=utcnow)
    ended_at = Column(DateTime, nullable=True)


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "position"),)
    id = Column(Integer, primary_key=True)
    session_id = Column(Integer, ForeignKey("roleplay_sessions.id"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    speaker = Column(String(16), nullable=False)  # trainee|customer|coach
    text = Column(Text, nullable=False)
    moves = Column(JSON, nullable=False, default=list)
    taboos = Column(JSON, nullable=False, default=list)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Scorecard(Base):
    __tablename__ = "scorecards"
    id = Column(Integer, primary_key=True)
    session_id = Column(Integer, ForeignKey("roleplay_sessions.id"), nullable=False,
                        unique=True)
    score = Column(Float, nullable=False)
    parts = Column(JSON, nullable=False)
    advice = Column(JSON, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class TipPreference(Base):
    """How much of a tip a trainee wants first ("short" or "full"); no row: the default."""

    __tablename__ = "tip_preferences"
    trainee_id = Column(Integer, ForeignKey("trainees.id"), primary_key=True)
    form = Column(String(16), nullable=False)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


# -- the manager's side (migration 0003_manager) ------------------------------------------------


class Assignment(Base):
    """Practice a manager assigned to one trainee ("everyone" makes one row per trainee)."""

    __tablename__ = "assignments"
    id = Column(Integer, primary_key=True)
    trainee_id = Column(Integer, ForeignKey("trainees.id"), nullable=False, index=True)
    persona = Column(String(32), nullable=False)
    style = Column(String(32), nullable=True)
    difficulty = Column(String(16), nullable=True)
    scenario_id = Column(String(64), nullable=True)
    pass_mark = Column(Float, nullable=False)  # scores are out of 100, to one decimal
    due = Column(Date, nullable=False)
    batch = Column(String(32), nullable=True)  # shared by the rows of one "everyone" request
    created_at = Column(DateTime, nullable=False, default=utcnow)
    notified_at = Column(DateTime, nullable=True)  # when the trainee was told in chat


class ManagerAction(Base):
    """The audit log: every manager action, with its time and the client it came from."""

    __tablename__ = "manager_actions"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    action = Column(String(64), nullable=False)
    detail = Column(Text, nullable=False, default="")
    client = Column(String(64), nullable=False, default="")


class TeamScenario(Base):
    """A role-play scenario a manager wrote from their own deal (not in the repository)."""

    __tablename__ = "team_scenarios"
    id = Column(String(64), primary_key=True)
    data = Column(JSON, nullable=False)  # the mapping, in the form of scenarios.yml
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)
    retired_at = Column(DateTime, nullable=True)


@dataclass(frozen=True)
class SessionRecord:
    id: int
    sender_id: str
    persona: str
    style: str | None
    scenario_id: str
    seed: int
    status: str
    state: SessionState
    score: float | None
    started_at: datetime
    ended_at: datetime | None
    difficulty: str = "normal"
    next_step: str | None = None
    next_position: int = 0  # where the next turn goes: pass it back to play_turn


class StaleSession(Exception):
    """Another writer added a turn since the caller read the session: read again, retry."""


class SessionClosed(ValueError):
    """The session is not active any more (it has an outcome)."""


@dataclass(frozen=True)
class Finish:
    """The end of a session, written with its last turn in one unit of work."""

    outcome: str  # won | lost | ended
    score: float
    parts: Dict[str, Any]
    advice: List[Dict[str, str]]


@dataclass(frozen=True)
class TurnRecord:
    position: int
    speaker: str
    text: str
    moves: List[str]
    taboos: List[str]



@dataclass(frozen=True)
class AssignmentRecord:
    id: int
    sender_id: str
    persona: str
    style: str | None
    difficulty: str | None
    scenario_id: str | None
    pass_mark: float
    due: date
    batch: str | None
    created_at: datetime
    notified_at: datetime | None


@dataclass(frozen=True)
class ActionRecord:
    at: datetime
    action: str
    detail: str
    client: str


@dataclass(frozen=True)
class TeamScenarioRecord:
    id: str
    data: Dict[str, Any]
    created_at: datetime
    updated_at: datetime
    retired_at: datetime | None


def default_url() -> str:
    return default_database_url()


def _state_json(state: SessionState | Dict[str, Any]) -> Dict[str, Any]:
    return state.to_json() if isinstance(state, SessionState) else dict(state or {})


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text; the NLU already drops it, this is the last guard.
    return (text or "").replace("\x00", "")


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the latest schema (Alembic ``upgrade head``).

    Replicas and workers start together and each runs this: the upgrade runs under
    a lock (``_migration_lock``), so the first one migrates and the others find
    the schema current instead of racing it (two ``CREATE TABLE`` at once fail).
    """
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    with _migration_lock(url):
        # "heads": features add migrations on their own branches from one base; all apply.
        command.upgrade(config, "heads")


# pg_advisory_lock takes a 64-bit key: one fixed key for "the coach's migrations".
_ADVISORY_KEY = int.from_bytes(hashlib.sha256(b"sales-coach migrations").digest()[:8],
                               "big", signed=True)


@contextlib.contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """PostgreSQL: a session advisory lock; SQLite file: a lock file beside it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, future=True, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _ADVISORY_KEY})
                connection.commit()
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                       {"key": _ADVISORY_KEY})
                    connection.commit()
        finally:
            engine.dispose()
    elif parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        from filelock import FileLock

        database = Path(parsed.database)
        database.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(database) + ".migrate.lock", timeout=120):
            yield
    else:  # an in-memory SQLite database belongs to one process; other servers: no lock known
        yield


def _sqlite_engine(url: str) -> Engine:
    """A file SQLite database, set up for one write per role-play turn.

    SQLAlchemy 1.4 opens a new SQLite connection for every unit of work (NullPool), and the
    default rollback journal syncs the whole database file on every commit: about 25 ms of
    a 40 ms role-play turn. Pooled connections and the write-ahead log (synchronous=FULL, so
    a committed turn survives a power cut too) bring a commit to a few milliseconds. The
    pool hands a connection to one thread at a time, which is what check_same_thread
    guards against.
    """
    engine = create_engine(url, future=True, poolclass=QueuePool,
                           connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:  # every new pooled connection
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return engine


class Repository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, future=True, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str | None = None, run_migrations: bool = True) -> Repository:
        url = url or default_url()
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        if run_migrations:
            migrate(url)
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            return cls(_sqlite_engine(url))
        return cls(create_engine(url, future=True, pool_pre_ping=True))

    @contextlib.contextmanager
    def _unit(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self._engine.dispose()

    # -- trainees and sessions ----------------------------------------------------------------

    def _trainee(self, session: Session, sender_id: str) -> Trainee:
        trainee = session.execute(
            select(Trainee).where(Trainee.sender_id == sender_id)).scalar_one_or_none()
        if trainee is None:
            trainee = Trainee(sender_id=sender_id)
            session.add(trainee)
            session.flush()
        return trainee

    def active_session(self, sender_id: str) -> SessionRecord | None:
        with self._unit() as session:
            row = session.execute(
                select(RoleplaySession, Trainee.sender_id)
                .join(Trainee, Trainee.id == RoleplaySession.trainee_id)
                .where(Trainee.sender_id == sender_id, RoleplaySession.status == "active")
                .order_by(RoleplaySession.id.desc())).first()
            if not row:
                return None
            return _record(row[0], row[1], next_position=self._next_position(session, row[0].id))

    @staticmethod
    def _next_position(session: Session, session_id: int) -> int:
        last = session.execute(select(Turn.position).where(Turn.session_id == session_id)
                               .order_by(Turn.position.desc()).limit(1)).scalar()
        return 0 if last is None else last + 1

    def start_session(self, sender_id: str, persona: str, style: str | None,
                      scenario_id: str, seed: int, state: SessionState | Dict[str, Any],
                      opening: Sequence[TurnRecord], difficulty: str = "normal") -> SessionRecord:
        """A new active session (any session still active for the trainee ends first)."""
        with self._unit() as session:
            trainee = self._trainee(session, sender_id)
            for stale in session.execute(select(RoleplaySession).where(
                    RoleplaySession.trainee_id == trainee.id,
                    RoleplaySession.status == "active")).scalars():
                stale.status, stale.ended_at = "ended", utcnow()
            record = RoleplaySession(trainee_id=trainee.id, persona=persona, style=style,
                                     scenario_id=scenario_id, seed=seed,
                                     state=_state_json(state), difficulty=difficulty)
            session.add(record)
            session.flush()
            self._add_turns(session, record.id, 0, opening)
            return _record(record, sender_id, next_position=len(opening))

    def play_turn(self, session_id: int, position: int, turns: Sequence[TurnRecord],
                  state: SessionState | Dict[str, Any], finish: Finish | None = None) -> None:
        """Append turns at ``position``, save the state and, when the session ends, its
        outcome and scorecard: all in one unit of work (all or nothing).

        ``position`` is the ``next_position`` the caller read with the session. If another
        writer added a turn since (a second message of the same trainee handled at the
        same time), nothing is written and ``StaleSession`` is raised: the caller reads
        the session again and replays its turn on the fresh state, so no turn and no
        taboo is lost. The unique constraint on (session_id, position) catches the writer
        that raced past the check.
        """
        try:
            with self._unit() as session:
                record = session.get(RoleplaySession, session_id)
                if record is None or record.status != "active":
                    raise SessionClosed(f"no active role-play session {session_id}")
                if self._next_position(session, session_id) != position:
                    raise StaleSession(f"session {session_id} moved past turn {position}")
                self._add_turns(session, session_id, position, turns)
                session.flush()
                record.state = _state_json(state)
                if finish is not None:
                    record.status, record.score, record.ended_at = (finish.outcome,
                                                                    finish.score, utcnow())
                    record.next_step = state.next_step if isinstance(state, SessionState) \
                        else None
                    session.add(Scorecard(session_id=session_id, score=finish.score,
                                          parts=finish.parts, advice=finish.advice))
        except IntegrityError as error:
            raise StaleSession(f"session {session_id}: turn {position} written "
                               f"concurrently") from error

    def record_turns(self, session_id: int, turns: Sequence[TurnRecord],
                     state: SessionState | Dict[str, Any]) -> None:
        """Append turns after the last one and save the state, together."""
        with self._unit() as session:
            position = self._next_position(session, session_id)
        self.play_turn(session_id, position, turns, state)

    @staticmethod
    def _add_turns(session: Session, session_id: int, start: int,
                   turns: Sequence[TurnRecord]) -> None:
        for offset, turn in enumerate(turns):
            session.add(Turn(session_id=session_id, position=start + offset,
                             speaker=turn.speaker, text=_clean(turn.text),
                             moves=list(turn.moves), taboos=list(turn.taboos)))

    def finish_session(self, session_id: int, outcome: str, score: float,
                       parts: Dict[str, Any], advice: List[Dict[str, str]],
                       state: SessionState | Dict[str, Any]) -> None:
        """Finish a session without a last turn (play_turn finishes with one)."""
        with self._unit() as session:
            record = session.get(RoleplaySession, session_id)
            if record is None:
                raise ValueError(f"no role-play session {session_id}")
            record.status, record.score, record.ended_at = outcome, score, utcnow()
            record.state = _state_json(state)
            if isinstance(state, SessionState):
                record.next_step = state.next_step
            session.add(Scorecard(session_id=session_id, score=score, parts=parts,
                                  advice=advice))

    # -- tip answer form -----------------------------------------------------------------------

    def tip_form(self, sender_id: str) -> str | None:
        """The trainee's chosen tip form, or None if they never chose one."""
        with self._unit() as session:
            return session.execute(
                select(TipPreference.form).join(Trainee, Trainee.id == TipPreference.trainee_id)
                .where(Trainee.sender_id == sender_id)).scalar_one_or_none()

    def set_tip_form(self, sender_id: str, form: str) -> None:
        with self._unit() as session:
            trainee = self._trainee(session, sender_id)
            preference = session.get(TipPreference, trainee.id)
            if preference is None:
                session.add(TipPreference(trainee_id=trainee.id, form=form))
            else:
                preference.form, preference.updated_at = form, utcnow()

    # -- reading -----------------------------------------------------------------------------

    def transcript(self, session_id: int) -> List[TurnRecord]:
        with self._unit() as session:
            rows = session.execute(select(Turn).where(Turn.session_id == session_id)
                                   .order_by(Turn.position)).scalars()
            return [TurnRecord(t.position, t.speaker, t.text, list(t.moves), list(t.taboos))
                    for t in rows]

    def finished_sessions(self, sender_id: str | None = None) -> List[SessionRecord]:
        """Sessions that ended with a scorecard, oldest first (one trainee or all)."""
        with self._unit() as session:
            query = (select(RoleplaySession, Trainee.sender_id)
                     .join(Trainee, Trainee.id == RoleplaySession.trainee_id)
                     .where(RoleplaySession.status != "active",
                            RoleplaySession.score.is_not(None))
                     .order_by(RoleplaySession.ended_at, RoleplaySession.id))
            if sender_id is not None:
                query = query.where(Trainee.sender_id == sender_id)
            return [_record(*row) for row in session.execute(query)]

    def scorecard(self, session_id: int) -> Dict[str, Any] | None:
        with self._unit() as session:
            card = session.execute(select(Scorecard).where(
                Scorecard.session_id == session_id)).scalar_one_or_none()
            return None if card is None else {"score": card.score, "parts": card.parts,
                                              "advice": card.advice}

    def trainees(self) -> List[str]:
        with self._unit() as session:
            return list(session.execute(select(Trainee.sender_id).order_by(Trainee.id))
                        .scalars())

    def sessions(self, sender_id: str) -> List[SessionRecord]:
        """Every session of one trainee, finished or not, oldest first."""
        with self._unit() as session:
            query = (select(RoleplaySession, Trainee.sender_id)
                     .join(Trainee, Trainee.id == RoleplaySession.trainee_id)
                     .where(Trainee.sender_id == sender_id)
                     .order_by(RoleplaySession.started_at, RoleplaySession.id))
            return [_record(*row) for row in session.execute(query)]

    def transcripts(self, session_ids: Sequence[int]) -> Dict[int, List[TurnRecord]]:
        """The turns of many sessions in one query: session id -> turns in order."""
        result: Dict[int, List[TurnRecord]] = {int(i): [] for i in session_ids}
        if not result:
            return result
        with self._unit() as session:
            rows = session.execute(select(Turn).where(Turn.session_id.in_(list(result)))
                                   .order_by(Turn.session_id, Turn.position)).scalars()
            for t in rows:
                result[t.session_id].append(
                    TurnRecord(t.position, t.speaker, t.text, list(t.moves), list(t.taboos)))
        return result

    def taboo_turns(self, session_ids: Sequence[int] | None = None
                    ) -> Dict[int, List[TurnRecord]]:
        """Only the trainee turns that committed a taboo (the team view's quotes), by session.

        Much less than every transcript; the JSON list is compared as text, which works
        the same on SQLite and PostgreSQL (both keep the text SQLAlchemy wrote).
        """
        query = (select(Turn).where(Turn.speaker == "trainee",
                                    cast(Turn.taboos, String) != "[]")
                 .order_by(Turn.session_id, Turn.position))
        if session_ids is not None:
            query = query.where(Turn.session_id.in_(list(session_ids)))
        result: Dict[int, List[TurnRecord]] = {}
        with self._unit() as session:
            for t in session.execute(query).scalars():
                result.setdefault(t.session_id, []).append(
                    TurnRecord(t.position, t.speaker, t.text, list(t.moves), list(t.taboos)))
        return result

    def turn_counts(self) -> Dict[int, int]:
        with self._unit() as session:
            return dict(session.execute(select(Turn.session_id, func.count(Turn.id))
                                        .group_by(Turn.session_id)).all())

    def trainee_exists(self, sender_id: str) -> bool:
        with self._unit() as session:
            return session.execute(select(Trainee.id).where(
                Trainee.sender_id == sender_id)).first() is not None

    def last_activity(self) -> Dict[str, datetime]:
        """Each trainee's latest role-play turn (or when they were first seen)."""
        with self._unit() as session:
            seen = dict(session.execute(select(Trainee.sender_id, Trainee.created_at)).all())
            latest = session.execute(
                select(Trainee.sender_id, func.max(Turn.created_at))
                .join(RoleplaySession, RoleplaySession.trainee_id == Trainee.id)
                .join(Turn, Turn.session_id == RoleplaySession.id)
                .group_by(Trainee.sender_id)).all()
            seen.update({sender: at for sender, at in latest if at is not None})
            return seen

    # -- assignments ---------------------------------------------------------------------------

    def add_assignments(self, sender_ids: Sequence[str], persona: str, style: str | None,
                        difficulty: str | None, scenario_id: str | None, pass_mark: float,
                        due: date, batch: str | None = None) -> List[AssignmentRecord]:
        """One assignment per trainee, all in one transaction (unknown trainees are added)."""
        with self._unit() as session:
            rows = []
            for sender_id in sender_ids:
                trainee = self._trainee(session, sender_id)
                row = Assignment(trainee_id=trainee.id, persona=persona, style=style,
                                 difficulty=difficulty, scenario_id=scenario_id,
                                 pass_mark=pass_mark, due=due, batch=batch)
                session.add(row)
                rows.append((row, sender_id))
            session.flush()
            return [_assignment(row, sender_id) for row, sender_id in rows]

    def assignments(self, sender_id: str | None = None) -> List[AssignmentRecord]:
        with self._unit() as session:
            query = (select(Assignment, Trainee.sender_id)
                     .join(Trainee, Trainee.id == Assignment.trainee_id)
                     .order_by(Assignment.id))
            if sender_id is not None:
                query = query.where(Trainee.sender_id == sender_id)
            return [_assignment(*row) for row in session.execute(query)]

    def claim_notices(self, sender_id: str) -> List[AssignmentRecord]:
        """Assignments the trainee has not been told about, marked told (each only once).

        Each row is claimed with a conditional UPDATE, so two replicas answering the same
        trainee at once never both tell them.
        """
        claimed = []
        for record in self.assignments(sender_id):
            if record.notified_at is not None:
                continue
            with self._unit() as session:
                result = session.execute(
                    update(Assignment).where(Assignment.id == record.id,
                                             Assignment.notified_at.is_(None))
                    .values(notified_at=utcnow()))
                if result.rowcount == 1:
                    claimed.append(record)
        return claimed

    # -- the manager's audit log ---------------------------------------------------------------

    def log_manager_action(self, action: str, detail: str = "", client: str = "") -> None:
        with self._unit() as session:
            session.add(ManagerAction(action=action[:64], detail=_clean(detail)[:2000],
                                      client=(client or "")[:64]))

    def manager_actions(self, limit: int = 200) -> List[ActionRecord]:
        with self._unit() as session:
            rows = session.execute(select(ManagerAction).order_by(ManagerAction.id.desc())
                                   .limit(limit)).scalars()
            return [ActionRecord(r.at, r.action, r.detail, r.client) for r in rows]

    # -- scenarios written by the team ---------------------------------------------------------

    def save_team_scenario(self, scenario_id: str, data: Dict[str, Any]) -> TeamScenarioRecord:
        """Add a scenario, or replace one (a retired one comes back)."""
        with self._unit() as session:
            row = session.get(TeamScenario, scenario_id)
            if row is None:
                row = TeamScenario(id=scenario_id, data=dict(data))
                session.add(row)
            else:
                row.data, row.updated_at, row.retired_at = dict(data), utcnow(), None
            session.flush()
            return _team_scenario(row)

    def team_scenario(self, scenario_id: str) -> TeamScenarioRecord | None:
        with self._unit() as session:
            row = session.get(TeamScenario, scenario_id)
            return None if row is None else _team_scenario(row)

    def team_scenarios(self, include_retired: bool = False) -> List[TeamScenarioRecord]:
        with self._unit() as session:
            query = select(TeamScenario).order_by(TeamScenario.created_at, TeamScenario.id)
            if not include_retired:
                query = query.where(TeamScenario.retired_at.is_(None))
            return [_team_scenario(row) for row in session.execute(query).scalars()]

    def retire_team_scenario(self, scenario_id: str) -> bool:
        with self._unit() as session:
            row = session.get(TeamScenario, scenario_id)
            if row is None or row.retired_at is not None:
                return False
            row.retired_at = utcnow()
            return True


def _record(row: RoleplaySession, sender_id: str, next_position: int = 0) -> SessionRecord:
    return SessionRecord(row.id, sender_id, row.persona, row.style, row.scenario_id, row.seed,
                         row.status, SessionState.from_json(row.state or {}), row.score,
                         row.started_at, row.ended_at, row.difficulty or "normal",
                         row.next_step, next_position)


def _assignment(row: Assignment, sender_id: str) -> AssignmentRecord:
    return AssignmentRecord(row.id, sender_id, row.persona, row.style, row.difficulty,
                            row.scenario_id, row.pass_mark, row.due, row.batch, row.created_at,
                            row.notified_at)


def _team_scenario(row: TeamScenario) -> TeamScenarioRecord:
    return TeamScenarioRecord(row.id, dict(row.data or {}), row.created_at, row.updated_at,
                              row.retired_at)
