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
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.pool import QueuePool

from coach.roleplay.state import SessionState

PROJECT_ROOT = Path(__file__).resolve().parent.parent
Base = declarative_base()


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


def default_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / 'var' / 'coach.db'}"


def _state_json(state: SessionState | Dict[str, Any]) -> Dict[str, Any]:
    return state.to_json() if isinstance(state, SessionState) else dict(state or {})


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text; the NLU already drops it, this is the last guard.
    return (text or "").replace("\x00", "")


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the latest schema (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    # "heads": features add migrations on their own branches from one base; all apply.
    command.upgrade(config, "heads")


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
            return _record(*row, next_position=self._next_position(session, row[0].id))

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


def _record(row: RoleplaySession, sender_id: str, next_position: int = 0) -> SessionRecord:
    return SessionRecord(row.id, sender_id, row.persona, row.style, row.scenario_id, row.seed,
                         row.status, SessionState.from_json(row.state or {}), row.score,
                         row.started_at, row.ended_at, row.difficulty or "normal",
                         row.next_step, next_position)
