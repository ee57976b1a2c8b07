"""Write docs/roleplay-transcripts.md: per persona, a good, a mediocre and a bad trainee,
and one Spanish session per persona ("En español").

    .venv/bin/python -m tools.roleplay_transcripts [--model models/coach-....tar.gz]

Each conversation is played over the REST channel against the real servers (the NLU reads
every trainee line, the action server answers), from a fixed seed and scenario, on a
fresh SQLite database, so the file shows what a trainee sees today; re-run it after the
content, the reading or the engine change. Dates in the trainees' lines ("next Tuesday")
resolve against the day the script runs, so the agreed dates move with it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

from coach.markup import plain
from tools.servers import ROOT, CoachServers

OUT = ROOT / "docs" / "roleplay-transcripts.md"

# (persona, style, scenario, seed) and, per trainee, the lines they type.
SESSIONS: Dict[str, Tuple[str, str, int, Dict[str, List[str]]]] = {
    "hesitant": ("analytical", "moisture_cabinets", 101, {
        "good": [
            "Before I talk about our cabinets, what do you need them to protect?",
            "What budget have you set aside for this?",
            "What's really holding you back?",
            "Apart from that, is it the price, the results or the service that worries you?",
            "Here are three options side by side: the basic series from 480, the mid range "
            "and the top series up to 25,000, so you can pick what fits your budget.",
            "That's a fair point, the other supplier is a serious one.",
            "Could we sign next Tuesday?",
        ],
        "mediocre": [
            "Hi, how are you?",
            "Our cabinets are the best on the market.",
            "What budget have you set aside for this?",
            "ok",
            "Our top model costs 25,000.",
            "What's really holding you back?",
            "Can we sign next Tuesday?",
            "ok",
            "stop",
        ],
        "bad": [
            "Our cabinet is 18,800 yuan, take it or leave it.",
            "You're wrong, the other supplier's cabinets are junk.",
            "That's impossible, we never give discounts.",
        ],
    }),
    "lingering": ("expressive", "efax_service", 202, {
        "good": [
            "Good to see you again! How was the trip to the provinces?",
            "How many faxes do you send a day?",
            "Only the issues we put on the table can be solved, so what's still open for "
            "you?",
            "What exactly would stop you signing this month?",
            "We could start with a one-month pilot in one office, with our engineer on call, "
            "so the risk stays small.",
            "A company like yours, Huaxin Logistics, cut its fax costs by 70% in the first "
            "year.",
            "Shall we sign next Tuesday?",
        ],
        "mediocre": [
            "How was your weekend?",
            "Who else is involved in the decision?",
            "ok",
            "Our service is very reliable.",
            "Only the issues we put on the table can be solved, so what's still open for "
            "you?",
            "Shall we sign next Tuesday?",
            "thanks",
            "stop",
        ],
        "bad": [
            "Let me tell you everything about our company, we were founded many years ago and "
            "we have offices in many cities and our founder started with a small shop and "
            "then grew and grew, and honestly I could go on about our history and our "
            "culture all day, it's really a fascinating story and you'll love it.",
            "Your office manager obviously doesn't understand technology.",
            "You're wrong, paper faxes are a waste of money.",
            "Honestly the phone company's package is rubbish.",
        ],
    }),
    "quick_to_agree": ("driver", "ordering_system", 303, {
        "good": [
            "What does it cost you today to take orders by phone?",
            "Let's pin it down: who signs, and on which day?",
            "The launch price ends on the 30th, so starting now saves you money.",
            "Starting this month means your team stops losing orders before the busy season.",
            "Shall we sign next Tuesday?",
        ],
        "mediocre": [
            "Great to meet you.",
            "What's your timeline for this?",
            "Can we sign next week?",
            "ok",
            "Let's pin it down: who signs, and on which day?",
            "Can we sign next week?",
            "stop",
        ],
        "bad": [
            "It's 280,000 and that's the final price.",
            "If you don't sign today you'll regret it, trust me.",
            "Your salespeople are clearly lazy.",
            "You're wrong about that.",
            "No, that's impossible, we don't do that.",
            "Honestly the other vendors' systems are junk.",
        ],
    }),
}


# One Spanish session per persona (issue 10): the same scenarios and seeds, a good trainee
# as a Spanish-speaking rep would type. The session speaks Spanish because the conversation
# does: the language button's payload comes first.
SPANISH = '/language{"lang": "es"}'
SESSIONS_ES: Dict[str, Tuple[str, str, int, List[str]]] = {
    "hesitant": ("analytical", "moisture_cabinets", 101, [
        "Antes de hablarle de nuestros armarios, ¿qué necesita proteger exactamente?",
        "¿Qué presupuesto tienen reservado para esto?",
        "¿Qué es lo que de verdad le frena?",
        "Aparte de eso, ¿qué le preocupa más: el precio, los resultados o el servicio?",
        "Le pongo tres opciones una al lado de otra: la serie básica desde 480, la gama media "
        "y la serie alta hasta 25.000, y usted elige la que encaja con su presupuesto.",
        "Es lógico, el otro proveedor es serio.",
        "¿Podríamos firmar el martes que viene?",
    ]),
    "lingering": ("expressive", "efax_service", 202, [
        "¡Qué alegría verle otra vez! ¿Qué tal el viaje por las provincias?",
        "¿Cuántos faxes envían al día?",
        "Solo se pueden resolver los problemas que se ponen sobre la mesa. ¿Qué le queda "
        "todavía por aclarar?",
        "¿Qué le impediría exactamente firmar este mes?",
        "Podemos empezar con un piloto de un mes en una sola oficina, con nuestro técnico de "
        "guardia, para que el riesgo sea mínimo.",
        "Una empresa como la suya, Huaxin Logística, redujo un 70 % sus gastos de fax el "
        "primer año.",
        "¿Le parece que firmemos el martes que viene?",
    ]),
    "quick_to_agree": ("driver", "ordering_system", 303, [
        "¿Cuánto le cuesta hoy tomar los pedidos por teléfono?",
        "Concretemos: ¿quién firma y qué día?",
        "El precio de lanzamiento acaba el día 30, así que empezar ya le ahorra dinero.",
        "Si empiezan este mes, su equipo deja de perder pedidos antes de la temporada alta.",
        "¿Firmamos el martes que viene?",
    ]),
}
SPANISH_NAMES = {"hesitant": "el cliente indeciso", "lingering": "el que no dice ni sí ni no",
                 "quick_to_agree": "el que dice que sí enseguida"}


def _newest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit("no trained model in models/: run ./run train")
    return models[-1]


def _play(servers: CoachServers, persona: str, style: str, scenario: str, seed: int,
          trainee: str, lines: List[str], first: str = "") -> Tuple[List[Tuple[str, str]], Dict]:
    sender = f"transcript-{persona}-{trainee}"
    if first:  # the language button, before the session: its reply is not shown
        servers.say(sender, first)
    start = "/roleplay_start" + json.dumps({"persona": persona, "style": style, "seed": seed,
                                            "scenario": scenario})
    said: List[Tuple[str, str]] = [("start", start)]
    said += [("coach", plain(r.get("text", ""))) for r in servers.say(sender, start)]
    for line in lines:
        said.append(("trainee", line))
        for reply in servers.say(sender, line):
            said.append(("coach", plain(reply.get("text", ""))))
        if not servers.tracker(sender)["slots"].get("roleplay_active"):
            break
    else:  # the customer has not ended it: stop, so every transcript ends with a scorecard
        stop = "parar" if first else "stop"
        said.append(("trainee", stop))
        said += [("coach", plain(r.get("text", ""))) for r in servers.say(sender, stop)]
    return said, servers.tracker(sender)["slots"]


def _said(said: List[Tuple[str, str]], trainee: str = "Trainee") -> List[str]:
    body: List[str] = []
    for speaker, text in said:
        if speaker == "start":
            body += [f"`{text}`", ""]
        elif speaker == "trainee":
            body += [f"> **{trainee}:** {text}", ""]
        else:
            body += ["    " + line if line else "" for line in text.splitlines()] + [""]
    return body


def _spanish(results: List[Tuple[str, Dict, List[Tuple[str, str]]]]) -> List[str]:
    out = ["## En español", "",
           "Una sesión por tipo de cliente, con los mismos escenarios y semillas, jugada como la "
           "escribiría un vendedor hispanohablante. La conversación está en español (la primera "
           f"línea, `{SPANISH}`, es el botón de idioma), así que el role-play también lo está.",
           "", "| tipo de cliente | resultado | puntuación | siguiente paso | tácticas |",
           "|---|---|---|---|---|"]
    body: List[str] = []
    for persona, slots, said in results:
        out.append(f"| {SPANISH_NAMES[persona]} | {slots.get('roleplay_outcome')} | "
                   f"{slots.get('roleplay_score')} | {slots.get('roleplay_next_step') or '-'} | "
                   f"{', '.join(slots.get('roleplay_tactics') or []) or '-'} |")
        body += [f"### {SPANISH_NAMES[persona]}", ""] + _said(said, "Vendedor")
    return out + [""] + body


def _markdown(results: List[Tuple[str, str, Dict, List[Tuple[str, str]]]],
              spanish: List[Tuple[str, Dict, List[Tuple[str, str]]]] | None = None) -> str:
    out = ["# Role-play transcripts", "",
           "Generated by `tools/roleplay_transcripts.py` (re-run it after changing the content, "
           "the reading or the engine): per persona a good, a mediocre and a bad trainee, "
           "played over the REST channel against the real servers from fixed seeds. "
           f"Played on {datetime.date.today():%A %d %B %Y}; the trainees' dates (\"next "
           "Tuesday\") resolve against that day.", ""]
    summary = ["| persona | trainee | outcome | score | next step | persona tactics | taboos |",
               "|---|---|---|---|---|---|---|"]
    body: List[str] = []
    for persona, trainee, slots, said in results:
        summary.append(f"| {persona} | {trainee} | {slots.get('roleplay_outcome')} | "
                       f"{slots.get('roleplay_score')} | {slots.get('roleplay_next_step') or '-'}"
                       f" | {', '.join(slots.get('roleplay_tactics') or []) or '-'} | "
                       f"{', '.join(slots.get('roleplay_taboos') or []) or '-'} |")
        body += [f"## {persona.replace('_', ' ')}: {trainee} trainee", ""] + _said(said)
    return "\n".join(out + summary + [""] + body + (_spanish(spanish) if spanish else []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    results, spanish = [], []
    with tempfile.TemporaryDirectory() as work:
        servers = CoachServers(model=args.model or _newest_model(), log_dir=Path(work) / "logs",
                               env={"COACH_DATABASE_URL": f"sqlite:///{work}/transcripts.db"})
        try:
            servers.start()
            for persona, (style, scenario, seed, trainees) in SESSIONS.items():
                for trainee, lines in trainees.items():
                    said, slots = _play(servers, persona, style, scenario, seed, trainee, lines)
                    results.append((persona, trainee, slots, said))
            for persona, (style, scenario, seed, lines) in SESSIONS_ES.items():
                said, slots = _play(servers, persona, style, scenario, seed, "es", lines,
                                    first=SPANISH)
                spanish.append((persona, slots, said))
        finally:
            servers.stop()
    args.out.write_text(_markdown(results, spanish), encoding="utf-8")
    print(f"written {args.out}")
    for persona, trainee, slots, _ in results:
        print(f"{persona:15} {trainee:9} {slots.get('roleplay_outcome')} "
              f"{slots.get('roleplay_score')} {slots.get('roleplay_next_step')}")
    for persona, slots, _ in spanish:
        print(f"{persona:15} es        {slots.get('roleplay_outcome')} "
              f"{slots.get('roleplay_score')} {slots.get('roleplay_next_step')}")


if __name__ == "__main__":
    main()
