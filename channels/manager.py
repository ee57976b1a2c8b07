"""The manager pages and their JSON API, served by the Rasa server under ``/manager/``.

A Rasa input channel only because that is how the Rasa server serves extra routes (as
the web chat does); it never handles trainee messages. Everything it answers comes from
``coach.manager.service``; this module does HTTP only: who is asking (the bearer token
or the signed cookie), the rate limit, reading bodies, the audit log, headers.

The API contract: ``docs/contract/manager.md``; the pages and the rest: ``docs/manager.md``.
"""

from __future__ import annotations

import asyncio
import functools
import html
import json
import logging
import urllib.parse
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from coach.db import Repository
from coach.manager import auth
from coach.manager.service import Answer, ManagerService
from coach.settings import load_settings

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web" / "manager"
STATIC_FILES = {"manager.js": "application/javascript", "manager.css": "text/css"}
MAX_BODY_BYTES = 64 * 1024  # an assignment or a scenario is a few hundred bytes
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
PAGE_HEADER = "X-Coach-Manager"  # sent by the page's script: a cross-site form cannot send it
OFF_MESSAGE = ("The manager pages are off: set COACH_MANAGER_TOKEN (a long random string) in "
               "the environment or .env and restart the coach.")


class ManagerInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "manager"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> ManagerInput:
        return cls()

    def __init__(self) -> None:
        self._service: ManagerService | None = None
        self._limiter: Any = None
        self._lock = asyncio.Lock()

    def url_prefix(self) -> str:
        # Absolute: Rasa joins it onto /webhooks/, and urljoin keeps an absolute path.
        return "/manager"

    # -- shared objects, made on first use (not at import, not before the token is set) --------

    async def _ready(self, settings: auth.ManagerSettings) -> ManagerService:
        async with self._lock:
            if self._service is None:
                url = load_settings().database_url
                repository = await _in_thread(Repository.from_url, url)
                self._service = ManagerService(repository, _shipped_scenario_ids)
                self._limiter = auth.make_limiter(settings)
        return self._service

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("coach_manager", __name__)
        channel = self

        def guarded(kind: str, action: str):
            """Decorate a handler: 503 when off, then the caller must be signed in.

            ``kind`` is "api" (JSON errors) or "page" (the login page instead of 401).
            The handler gets (request, service, settings) and the call is logged.
            """
            def decorate(handler):
                @functools.wraps(handler)
                async def wrapper(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
                    settings = auth.load_manager_settings()
                    if not settings.enabled:
                        return _off()
                    service = await channel._ready(settings)
                    client = _client(request)
                    denied = await channel._authenticate(request, settings, client, kind)
                    if denied is not None:
                        return denied
                    detail = urllib.parse.unquote(" ".join(str(v) for v in kwargs.values()),
                                                  errors="replace")[:200]
                    await _in_thread(service.repository.log_manager_action, action, detail,
                                     client)
                    logger.info("manager action %s %s from %s", action, detail, client)
                    return _secure(await handler(request, service, settings, *args, **kwargs))
                return wrapper
            return decorate

        @bp.route("/", methods=["GET"])
        async def home(request: Request) -> HTTPResponse:
            settings = auth.load_manager_settings()
            if not settings.enabled:
                return _off()
            if not auth.cookie_valid(settings, request.cookies.get(auth.COOKIE_NAME)):
                return _login_page()
            service = await channel._ready(settings)
            await _in_thread(service.repository.log_manager_action, "open_pages", "",
                             _client(request))
            return _secure(response.html(_read_page("app.html")))

        @bp.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: str) -> HTTPResponse:
            if not auth.load_manager_settings().enabled:
                return _off()
            if name not in STATIC_FILES:
                return response.text("Not found.", status=404)
            return _secure(await response.file(WEB_DIR / name, mime_type=STATIC_FILES[name]))

        @bp.route("/login", methods=["POST"])
        async def login(request: Request) -> HTTPResponse:
            settings = auth.load_manager_settings()
            if not settings.enabled:
                return _off()
            service = await channel._ready(settings)
            client = _client(request)
            wait = await _in_thread(channel._limiter.retry_after, client)
            if wait:
                return _login_page("Too many wrong tokens from here. Try again in "
                                   f"{_minutes(wait)}.", 429, {"Retry-After": str(wait)})
            token = (request.form.get("token") if request.form else None) or ""
            if not auth.token_matches(settings.token, token.strip()):
                await _in_thread(channel._limiter.fail, client)
                await _in_thread(service.repository.log_manager_action, "sign_in_failed", "",
                                 client)
                logger.warning("manager sign-in failed from %s", client)
                return _login_page("That token is not right.", 401)
            await _in_thread(service.repository.log_manager_action, "sign_in", "", client)
            logger.info("manager signed in from %s", client)
            answer = response.redirect("/manager/", status=303)
            _set_cookie(answer, request, auth.issue_cookie(settings), auth.SESSION_SECONDS)
            return _secure(answer)

        @bp.route("/logout", methods=["POST"])
        async def logout(request: Request) -> HTTPResponse:
            if not auth.load_manager_settings().enabled:
                return _off()
            answer = response.redirect("/manager/", status=303)
            _set_cookie(answer, request, "", 0)
            return _secure(answer)

        @bp.route("/api/trainees", methods=["GET"])
        @guarded("api", "list_trainees")
        async def trainees(request, service, settings):
            return _json(await _in_thread(service.trainees))

        @bp.route("/api/trainees/<trainee_id:path>", methods=["GET"])
        @guarded("api", "open_trainee")
        async def trainee(request, service, settings, trainee_id: str):
            # The router hands over the raw (still percent-encoded) path segment.
            sender_id = urllib.parse.unquote(trainee_id, errors="replace")
            return _json(await _in_thread(service.trainee, sender_id))

        @bp.route("/api/team", methods=["GET"])
        @guarded("api", "open_team")
        async def team(request, service, settings):
            return _json(await _in_thread(service.team))

        @bp.route("/api/export.csv", methods=["GET"])
        @guarded("api", "export_sessions")
        async def export_sessions(request, service, settings):
            return _csv(await _in_thread(service.sessions_csv), "sessions.csv")

        @bp.route("/api/assignments.csv", methods=["GET"])
        @guarded("api", "export_assignments")
        async def export_assignments(request, service, settings):
            return _csv(await _in_thread(service.assignments_csv), "assignments.csv")

        @bp.route("/api/assignments", methods=["GET"])
        @guarded("api", "list_assignments")
        async def list_assignments(request, service, settings):
            return _json(await _in_thread(service.assignments))

        @bp.route("/api/assignments", methods=["POST"])
        @guarded("api", "create_assignment")
        async def create_assignment(request, service, settings):
            body, error = _json_body(request)
            if error is not None:
                return error
            answer = await _in_thread(service.create_assignment, body)
            if answer[0] == 201:
                await _in_thread(service.repository.log_manager_action, "assigned",
                                 json.dumps(body)[:500], _client(request))
            return _json(answer)

        @bp.route("/api/scenarios", methods=["GET"])
        @guarded("api", "list_scenarios")
        async def list_scenarios(request, service, settings):
            return _json(await _in_thread(service.scenarios))

        @bp.route("/api/scenarios", methods=["POST"])
        @guarded("api", "add_scenario")
        async def add_scenario(request, service, settings):
            if len(request.body or b"") > MAX_BODY_BYTES:
                return _too_large()
            return _json(await _in_thread(service.save_scenario, request.body or b""))

        @bp.route("/api/scenarios/<scenario_id>", methods=["PUT"])
        @guarded("api", "edit_scenario")
        async def edit_scenario(request, service, settings, scenario_id: str):
            if len(request.body or b"") > MAX_BODY_BYTES:
                return _too_large()
            return _json(await _in_thread(service.save_scenario, request.body or b"",
                                          scenario_id))

        @bp.route("/api/scenarios/<scenario_id>", methods=["DELETE"])
        @guarded("api", "retire_scenario")
        async def retire_scenario(request, service, settings, scenario_id: str):
            return _json(await _in_thread(service.retire_scenario, scenario_id))

        @bp.route("/api/log", methods=["GET"])
        @guarded("api", "read_log")
        async def audit_log(request, service, settings):
            return _json(await _in_thread(service.log))

        @bp.route("/<rest:path>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
        async def anything_else(request: Request, rest: str) -> HTTPResponse:
            if not auth.load_manager_settings().enabled:
                return _off()
            if not rest.strip("/"):  # "/manager/": Sanic routes the bare prefix here
                return await home(request)
            return _json((404, {"error": "no such manager address"}))

        return bp

    async def _authenticate(self, request: Request, settings: auth.ManagerSettings,
                            client: str, kind: str) -> HTTPResponse | None:
        """None when the caller may go on; otherwise the refusal (401, 403 or 429)."""
        header = request.headers.get("authorization")
        token = auth.bearer_token(header)
        if token is None and auth.cookie_valid(settings, request.cookies.get(auth.COOKIE_NAME)):
            # The page's own calls: a state change must also carry the page's header.
            if request.method not in ("GET", "HEAD") and not request.headers.get(PAGE_HEADER):
                return _json((403, {"error": f"send the {PAGE_HEADER} header with a change"}))
            return None
        if header is None:
            return _unauthorized("missing Authorization: Bearer <COACH_MANAGER_TOKEN>")
        wait = await _in_thread(self._limiter.retry_after, client)
        if wait:
            return _json((429, {"error": f"too many wrong tokens; retry in {wait} s"}),
                         {"Retry-After": str(wait)})
        if token is not None and auth.token_matches(settings.token, token):
            return None
        await _in_thread(self._limiter.fail, client)
        await _in_thread(self._service.repository.log_manager_action,  # type: ignore[union-attr]
                         "token_refused", request.path[:200], client)
        logger.warning("manager API: wrong token from %s for %s", client, request.path[:200])
        return _unauthorized("wrong token")


async def _in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Database and Redis calls are blocking: run them off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(
        function, *args))


def _shipped_scenario_ids() -> list:
    return list(_shipped_content(str(load_settings().roleplay_dir)).scenarios)


@functools.lru_cache(maxsize=4)
def _shipped_content(directory: str) -> Any:
    # The Rasa server does not load role-play content otherwise; read it once, lazily.
    from coach.roleplay import load_content

    return load_content(Path(directory))


def _client(request: Request) -> str:
    # remote_addr is set when Sanic trusts a proxy's forwarding headers; else the peer.
    return (request.remote_addr or request.ip or "unknown")[:64]


def _secure(answer: HTTPResponse) -> HTTPResponse:
    for name, value in SECURITY_HEADERS.items():
        answer.headers.setdefault(name, value)
    return answer


def _json(answer: Answer, headers: Dict[str, str] | None = None) -> HTTPResponse:
    status, body = answer
    return _secure(response.json(body, status=status, headers=headers,
                                 dumps=functools.partial(json.dumps, ensure_ascii=False)))


def _csv(text: str, filename: str) -> HTTPResponse:
    return _secure(response.text(text, content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'}))


def _off() -> HTTPResponse:
    return _secure(response.json({"error": OFF_MESSAGE}, status=503))


def _unauthorized(message: str) -> HTTPResponse:
    return _json((401, {"error": message}), {"WWW-Authenticate": 'Bearer realm="manager"'})


def _too_large() -> HTTPResponse:
    return _json((413, {"error": f"body too large (at most {MAX_BODY_BYTES // 1024} KB)",
                        "field": "body"}))


def _json_body(request: Request):
    raw = request.body or b""
    if len(raw) > MAX_BODY_BYTES:
        return None, _too_large()
    try:
        return json.loads(raw.decode("utf-8")), None
    except (UnicodeDecodeError, ValueError):
        return None, _json((400, {"error": "body: not valid JSON", "field": "body"}))


def _set_cookie(answer: HTTPResponse, request: Request, value: str, max_age: int) -> None:
    answer.cookies[auth.COOKIE_NAME] = value
    cookie = answer.cookies[auth.COOKIE_NAME]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/manager/"
    cookie["max-age"] = max_age
    if request.scheme == "https" or request.headers.get("x-forwarded-proto") == "https":
        cookie["secure"] = True


@functools.lru_cache(maxsize=4)
def _read_page(name: str) -> str:
    return (WEB_DIR / name).read_text(encoding="utf-8")


def _login_page(message: str = "", status: int = 200,
                headers: Dict[str, str] | None = None) -> HTTPResponse:
    page = _read_page("login.html").replace(
        "{{MESSAGE}}", html.escape(message)).replace(
        "{{MESSAGE_HIDDEN}}", "" if message else "hidden")
    return _secure(response.html(page, status=status, headers=headers))


def _minutes(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 90 else f"{(seconds + 59) // 60} minutes"
