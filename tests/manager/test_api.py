"""The manager API (docs/contract/manager.md) over HTTP, against the real servers: every
call with good and bad input (tokens, JSON, sizes, unknown and hostile ids)."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid

import pytest
import requests

from tests.conftest import MANAGER_TOKEN
from tests.manager.helpers import (
    PERSONA,
    STYLE,
    api,
    play_losing_session,
    play_winning_session,
    trainee_path,
)

pytestmark = pytest.mark.server

CALLS = [("GET", "/trainees"), ("GET", "/trainees/someone"), ("GET", "/export.csv"),
         ("POST", "/assignments"), ("GET", "/assignments"), ("POST", "/scenarios"),
         ("GET", "/team"), ("GET", "/assignments.csv"), ("GET", "/scenarios"),
         ("PUT", "/scenarios/acme_x"), ("DELETE", "/scenarios/acme_x"), ("GET", "/log")]
SCENARIO = {"id": "", "title": "Renewal at Northwind", "product": "the support plan",
            "customer": "Ms. Park, operations lead at Northwind",
            "situation": "Their support contract ends next month and a rival offered 20% less.",
            "hidden_concern": "service",
            "concern_line": "Honestly, your last outage cost us a whole day of orders.",
            "source": "our own deal with Northwind, 2026"}


def _id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def played(coach):
    """Two trainees: one won a session, one lost one (with a taboo)."""
    winner, loser = _id("mgr-win"), _id("mgr-lose")
    score = play_winning_session(coach, winner)
    play_losing_session(coach, loser)
    return {"winner": winner, "loser": loser, "score": score}


@pytest.mark.parametrize("method, path", CALLS)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"},
                                     {"Authorization": f"Basic {MANAGER_TOKEN}"},
                                     {"Authorization": f"Bearer {MANAGER_TOKEN}x"},
                                     {"Authorization": "Bearer"}],
                         ids=["missing", "wrong", "basic", "longer", "empty"])
def test_every_call_needs_the_token(coach, method, path, headers):
    answer = api(coach, method, path, headers=headers, data=b'{"trainee": "x"}')
    if answer.status_code == 429:  # these 60 calls outrun the tests' short failure window
        time.sleep(int(answer.headers["Retry-After"]) + 0.1)
        answer = api(coach, method, path, headers=headers, data=b'{"trainee": "x"}')
    assert answer.status_code == 401, (answer.status_code, answer.text[:200])
    assert set(answer.json()) == {"error"}  # and no data


def test_trainees_lists_each_trainee(coach, played):
    answer = api(coach, "GET", "/trainees")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(
        "application/json")
    rows = {row["id"]: row for row in answer.json()["trainees"]}
    winner = rows[played["winner"]]
    assert {"id", "sessions", "average_score", "best_score", "last_active"} <= set(winner)
    assert (winner["sessions"], winner["average_score"], winner["best_score"]) == (
        1, played["score"], played["score"])
    assert winner["last_active"].endswith("Z")
    assert rows[played["loser"]]["sessions"] == 1


def test_one_trainee_with_sessions_scorecards_and_transcripts(coach, played):
    answer = api(coach, "GET", trainee_path(played["loser"]))
    assert answer.status_code == 200
    body = answer.json()
    assert body["id"] == played["loser"]
    (session,) = body["sessions"]
    assert {"id", "persona", "style", "scenario", "difficulty", "outcome", "score", "taboos",
            "started", "turns"} <= set(session)
    assert (session["persona"], session["style"], session["outcome"]) == (
        PERSONA, STYLE, "ended")
    assert session["taboos"], "the losing line commits taboos"
    speakers = [turn["speaker"] for turn in session["turns"]]
    assert speakers[:2] == ["coach", "customer"] and "trainee" in speakers
    assert any("take it or leave it" in turn["text"] for turn in session["turns"])
    assert session["scorecard"]["score"] == session["score"]
    assert body["weak_spots"] and all(spot["persona"] for spot in body["weak_spots"])


@pytest.mark.parametrize("trainee", ["ann/with slash", "ünï 名前 ?#&%", "' OR 1=1 --",
                                     "<script>alert(1)</script>"])
def test_url_encoded_trainee_ids(coach, trainee):
    coach.say(trainee, "/roleplay_start{\"persona\": \"lingering\", \"seed\": 5}")
    coach.say(trainee, "stop")
    answer = api(coach, "GET", trainee_path(trainee))
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["id"] == trainee
    assert answer.json()["sessions"][0]["outcome"] == "ended"


@pytest.mark.parametrize("path", ["/trainees/nobody-at-all", "/trainees/..%2F..%2Fetc%2Fpasswd",
                                  "/trainees/%00", "/trainees/" + "x" * 5000,
                                  "/trainees/%FF%FE", "/nothing-here"])
def test_unknown_and_hostile_ids_get_404(coach, path):
    answer = api(coach, "GET", path)
    assert answer.status_code == 404, (answer.status_code, answer.text[:200])
    assert "error" in answer.json()


def test_export_csv(coach, played):
    answer = api(coach, "GET", "/export.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    header = answer.text.splitlines()[0].split(",")
    assert header[:2] == ["trainee", "session"]
    assert {"trainee", "session", "persona", "style", "outcome", "score", "taboos",
            "started"} <= set(header)
    mine = [row for row in rows if row["trainee"] == played["winner"]]
    assert len(mine) == 1 and mine[0]["outcome"] == "won"
    assert float(mine[0]["score"]) == played["score"]
    lost = [row for row in rows if row["trainee"] == played["loser"]][0]
    assert lost["taboos"]


def test_an_assignment_is_created_and_passed_by_a_session(coach):
    trainee = _id("mgr-assign")
    body = {"trainee": trainee, "persona": PERSONA, "style": STYLE, "pass_mark": 50,
            "due": "2099-12-31"}
    answer = api(coach, "POST", "/assignments", json=body)
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert {"id", "trainee", "persona", "style", "difficulty", "pass_mark", "due",
            "status"} <= set(created)
    assert (created["trainee"], created["status"], created["pass_mark"]) == (trainee, "open", 50)

    def status():
        rows = api(coach, "GET", "/assignments").json()["assignments"]
        return [row for row in rows if row["id"] == created["id"]][0]

    assert status()["status"] == "open" and status()["best_score"] is None
    play_losing_session(coach, trainee)  # ended below the pass mark: still open
    assert status()["status"] == "open"
    last: list = []
    score = play_winning_session(coach, trainee, last)
    said = " ".join(r.get("text", "") for r in last)
    assert "That passes your manager's assignment" in said and "pass mark 50" in said
    row = status()
    assert (row["status"], row["best_score"]) == ("passed", score)
    assert {"id", "trainee", "persona", "style", "difficulty", "pass_mark", "due", "status",
            "best_score"} <= set(row)


def test_overdue_and_a_pass_mark_nobody_reaches(coach, played):
    late = api(coach, "POST", "/assignments", json={
        "trainee": played["winner"], "persona": PERSONA, "pass_mark": 10,
        "due": "2020-01-01"}).json()
    assert late["status"] == "overdue"  # the earlier session came before the assignment


def test_everyone_gets_one_assignment_each(coach, played):
    answer = api(coach, "POST", "/assignments", json={
        "trainee": "*", "persona": "quick_to_agree", "difficulty": "hard", "pass_mark": 60,
        "due": "2099-01-01"})
    assert answer.status_code == 201
    trainees = {row["trainee"] for row in answer.json()["assignments"]}
    assert {played["winner"], played["loser"]} <= trainees


@pytest.mark.parametrize("change, field", [
    ({"persona": "grumpy"}, "persona"), ({"persona": None}, "persona"),
    ({"style": "loud"}, "style"), ({"difficulty": "extreme"}, "difficulty"),
    ({"pass_mark": 101}, "pass_mark"), ({"pass_mark": -5}, "pass_mark"),
    ({"pass_mark": "high"}, "pass_mark"), ({"due": "2026-02-30"}, "due"),
    ({"due": "next week"}, "due"), ({"due": None}, "due"), ({"trainee": ""}, "trainee"),
    ({"scenario": "no_such_scenario"}, "scenario"),
])
def test_a_bad_assignment_names_the_field(coach, change, field):
    body = {"trainee": "someone", "persona": "hesitant", "pass_mark": 70, "due": "2099-01-01",
            **change}
    answer = api(coach, "POST", "/assignments", json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["field"] == field and field in answer.json()["error"]


@pytest.mark.parametrize("raw", [b"", b"{not json", b"[1, 2]", b"\xff\xfe\x00", b"null",
                                 "{\"persona\": \"醋\"}".encode()])
def test_bad_json_bodies_get_400(coach, raw):
    answer = api(coach, "POST", "/assignments", data=raw,
                 headers={**_auth(), "Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]


def test_a_huge_body_is_refused(coach):
    huge = json.dumps({"trainee": "x" * 2_000_000}).encode()
    for path in ("/assignments", "/scenarios"):
        answer = api(coach, "POST", path, data=huge)
        assert answer.status_code == 413
    assert api(coach, "GET", "/trainees").status_code == 200  # still serving


def _auth():
    return {"Authorization": f"Bearer {MANAGER_TOKEN}"}


def test_a_scenario_is_added_played_edited_and_retired(coach):
    scenario_id = f"northwind_{uuid.uuid4().hex[:6]}"
    as_yaml = "\n".join(f"{k}: {json.dumps(v)}" for k, v in {**SCENARIO, "id": scenario_id}.items())
    answer = api(coach, "POST", "/scenarios", data=as_yaml.encode(),
                 headers={**_auth(), "Content-Type": "application/yaml"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["id"] == scenario_id
    again = api(coach, "POST", "/scenarios", json={**SCENARIO, "id": scenario_id})
    assert again.status_code == 409
    listed = api(coach, "GET", "/scenarios").json()
    assert scenario_id in [s["id"] for s in listed["scenarios"]]

    trainee = _id("mgr-scenario")
    replies = coach.say(trainee, "/roleplay_start" + json.dumps({"scenario": scenario_id,
                                                                 "persona": "hesitant"}))
    text = " ".join(reply.get("text", "") for reply in replies)
    assert "Northwind" in text, text
    assert coach.slot(trainee, "roleplay_active") is True
    sessions = api(coach, "GET", trainee_path(trainee)).json()["sessions"]
    assert sessions[0]["scenario"] == scenario_id

    edited = api(coach, "PUT", f"/scenarios/{scenario_id}",
                 json={**SCENARIO, "id": scenario_id, "title": "Renewal at Northwind (2)"})
    assert edited.status_code == 200 and edited.json()["title"].endswith("(2)")
    assert api(coach, "PUT", "/scenarios/never_added",
               json={**SCENARIO, "id": "never_added"}).status_code == 404
    assert api(coach, "DELETE", f"/scenarios/{scenario_id}").status_code == 200
    assert api(coach, "DELETE", f"/scenarios/{scenario_id}").status_code == 404
    # Retired: the session already running on it goes on; a new one cannot start on it.
    reply = coach.say(trainee, "What would make you comfortable signing this month?")
    assert reply and reply[0]["text"].startswith("Customer:"), reply
    coach.say(trainee, "stop")
    late = _id("mgr-late")
    replies = coach.say(late, "/roleplay_start" + json.dumps({"scenario": scenario_id}))
    assert "Northwind" not in " ".join(r.get("text", "") for r in replies)
    retired = [s for s in api(coach, "GET", "/scenarios").json()["scenarios"]
               if s["id"] == scenario_id][0]
    assert retired["retired"]


def test_a_bad_scenario_names_every_problem(coach):
    answer = api(coach, "POST", "/scenarios", json={"id": "Bad Id", "title": "",
                                                   "hidden_concern": "love", "extra": 1})
    assert answer.status_code == 400
    fields = {problem["field"] for problem in answer.json()["problems"]}
    assert {"id", "title", "product", "customer", "situation", "hidden_concern",
            "concern_line", "source", "fields"} <= fields
    for raw in (b"", b"a: [1,", b"- just\n- a list\n", b"a: &x [1]\nb: *x\n"):
        answer = api(coach, "POST", "/scenarios", data=raw)
        assert answer.status_code == 400, raw
        assert answer.json()["problems"]
    shipped = api(coach, "POST", "/scenarios", json={**SCENARIO, "id": "efax_service"})
    assert shipped.status_code == 400 and shipped.json()["field"] == "id"


def test_the_trainee_is_told_once_and_can_ask(coach):
    trainee = _id("mgr-told")
    coach.say(trainee, "hi")
    assert api(coach, "POST", "/assignments", json={
        "trainee": trainee, "persona": "lingering", "style": "amiable", "pass_mark": 65,
        "due": "2099-03-04"}).status_code == 201
    first = " ".join(reply.get("text", "") for reply in coach.say(trainee, "hi"))
    assert "lingering" in first and "amiable" in first and "65" in first
    assert "2099-03-04" in first
    second = " ".join(reply.get("text", "") for reply in coach.say(trainee, "hi"))
    assert "assigned" not in second
    for question in ("what should I practise?", "do I have any assignments?"):
        replies = coach.say(trainee, question)
        text = " ".join(reply.get("text", "") for reply in replies)
        assert "lingering" in text and "65" in text and "2099-03-04" in text, (question, text)
        assert any("roleplay_start" in b["payload"] for r in replies for b in r.get("buttons", []))


def test_sign_in_cookie_and_its_limits(coach):
    base = f"{coach.url}/manager"
    page = requests.get(f"{base}/", timeout=10)
    assert page.status_code == 200 and 'name="token"' in page.text  # the login form
    wrong = requests.post(f"{base}/login", data={"token": "nope"}, allow_redirects=False,
                          timeout=10)
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    right = requests.post(f"{base}/login", data={"token": MANAGER_TOKEN},
                          allow_redirects=False, timeout=10)
    assert right.status_code == 303
    cookie = right.headers["set-cookie"]
    for flag in ("HttpOnly", "SameSite=Strict", "Max-Age=", "Path=/manager/"):
        assert flag.lower() in cookie.lower(), cookie
    jar = {"coach_manager": right.cookies["coach_manager"]}
    assert requests.get(f"{base}/api/trainees", cookies=jar, timeout=10).status_code == 200
    assert 'id="view"' in requests.get(f"{base}/", cookies=jar, timeout=10).text
    # A change with the cookie alone (a cross-site form could send one) is refused.
    post = requests.post(f"{base}/api/assignments", cookies=jar, json={}, timeout=10)
    assert post.status_code == 403
    forged = {"coach_manager": jar["coach_manager"][:-3] + "abc"}
    assert requests.get(f"{base}/api/trainees", cookies=forged, timeout=10).status_code == 401


def test_wrong_tokens_are_rate_limited_then_let_through(coach):
    time.sleep(3.1)  # the tests' failure window (tests/conftest.py): start clean
    statuses = []
    for _ in range(40):
        answer = api(coach, "GET", "/trainees", headers={"Authorization": "Bearer guess"})
        statuses.append(answer.status_code)
        if answer.status_code == 429:
            break
    assert statuses[-1] == 429 and set(statuses[:-1]) == {401}, statuses
    assert 1 <= int(answer.headers["Retry-After"]) <= 3
    # Blocked means blocked: even the right token, and the login form, until the window ends.
    assert api(coach, "GET", "/trainees").status_code == 429
    login = requests.post(f"{coach.url}/manager/login", data={"token": MANAGER_TOKEN},
                          allow_redirects=False, timeout=10)
    assert login.status_code == 429 and login.headers["Retry-After"]
    time.sleep(int(answer.headers["Retry-After"]) + 0.2)
    assert api(coach, "GET", "/trainees").status_code == 200


def test_every_manager_action_is_logged(coach, played):
    api(coach, "GET", "/team", headers={"Authorization": "Bearer not-it"})
    api(coach, "GET", trainee_path(played["winner"]))
    actions = api(coach, "GET", "/log").json()["actions"]
    assert actions[0]["action"] == "read_log" and actions[0]["at"].endswith("Z")
    names = [a["action"] for a in actions]
    assert "open_trainee" in names and "token_refused" in names
    opened = [a for a in actions if a["action"] == "open_trainee"][0]
    assert played["winner"] in opened["detail"]


def test_team_overview(coach, played):
    body = api(coach, "GET", "/team").json()
    assert {"trainees", "personas", "styles", "taboos", "inactive_this_week", "series",
            "assignment_counts"} <= set(body)
    assert body["taboos"] and body["taboos"][0]["examples"][0]["quote"]
    assert played["winner"] in body["series"]
    assignments_csv = api(coach, "GET", "/assignments.csv")
    assert assignments_csv.headers["content-type"].startswith("text/csv")
    assert assignments_csv.text.splitlines()[0].startswith("id,trainee,persona")
