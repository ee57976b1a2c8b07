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
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

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


@dataclass(frozen=True)
class SessionRecord:
    id: int
    sender_id: str
    persona: str
    style: str | None
    scenario_id: str
    seed: int
    status: str
    state: Dict[str, Any]
    score: float | None
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class TurnRecord:
    position: int
    speaker: str
    text: str
    moves: List[str]
    taboos: List[str]


def default_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / 'var' / 'coach.db'}"


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
            return _record(*row) if row else None

    def start_session(self, sender_id: str, persona: str, style: str | None,
                      scenario_id: str, seed: int, state: Dict[str, Any],
                      opening: Sequence[TurnRecord]) -> SessionRecord:
        """A new active session (any session still active for the trainee ends first)."""
        with self._unit() as session:
            trainee = self._trainee(session, sender_id)
            for stale in session.execute(select(RoleplaySession).where(
                    RoleplaySession.trainee_id == trainee.id,
                    RoleplaySession.status == "active")).scalars():
                stale.status, stale.ended_at = "ended", utcnow()
            record = RoleplaySession(trainee_id=trainee.id, persona=persona, style=style,
                                     scenario_id=scenario_id, seed=seed, state=state)
            session.add(record)
            session.flush()
            self._add_turns(session, record.id, 0, opening)
            return _record(record, sender_id)

    def record_turns(self, session_id: int, turns: Sequence[TurnRecord],
                     state: Dict[str, Any]) -> None:
        """Append turns and save the engine state, together (all or nothing)."""
        with self._unit() as session:
            record = session.get(RoleplaySession, session_id)
            if record is None or record.status != "active":
                raise ValueError(f"no active role-play session {session_id}")
            last = session.execute(select(Turn.position).where(Turn.session_id == session_id)
                                   .order_by(Turn.position.desc()).limit(1)).scalar()
            self._add_turns(session, session_id, (last or 0) + 1, turns)
            record.state = state

    @staticmethod
    def _add_turns(session: Session, session_id: int, start: int,
                   turns: Sequence[TurnRecord]) -> None:
        for offset, turn in enumerate(turns):
            session.add(Turn(session_id=session_id, position=start + offset,
                             speaker=turn.speaker, text=_clean(turn.text),
                             moves=list(turn.moves), taboos=list(turn.taboos)))

    def finish_session(self, session_id: int, outcome: str, score: float,
                       parts: Dict[str, Any], advice: List[Dict[str, str]],
                       state: Dict[str, Any]) -> None:
        with self._unit() as session:
            record = session.get(RoleplaySession, session_id)
            if record is None:
                raise ValueError(f"no role-play session {session_id}")
            record.status, record.score, record.ended_at = outcome, score, utcnow()
            record.state = state
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


def _record(row: RoleplaySession, sender_id: str) -> SessionRecord:
    return SessionRecord(row.id, sender_id, row.persona, row.style, row.scenario_id, row.seed,
                         row.status, dict(row.state or {}), row.score, row.started_at,
                         row.ended_at)
