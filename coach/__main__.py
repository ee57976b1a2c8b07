"""Command line: ``python -m coach <command>``.

Commands:
  build-spacy [DIR] [--language LANG]
                      build the spaCy pipelines Rasa and the analyzer load (all languages
                      into build/spacy/, or LANG's into DIR)
  check-playbook      load and validate the playbook, print a summary
  migrate             bring the progress database to the latest schema (Alembic)
  report [--trainee ID] [--chart FILE.png]
                      role-play progress for one trainee or all, optionally as a chart
  scenario check FILE       validate a role-play scenario file (every problem named; exit 1)
  scenario check-lines FILE validate a role-play reply-bank file (lines/<language>.yml)
  scenario check-texts FILE validate a role-play texts file (texts/<language>.yml)
  scenario check-all        load data/roleplay/ in every language as the action server does
  sender-token SENDER the credential a REST client sends (X-Coach-Sender-Token) to speak
                      as SENDER from another machine (channels/rest.py)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.settings import load_settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coach")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-spacy", help="build the spaCy pipeline")
    build.add_argument("target", nargs="?", type=Path, default=None)
    build.add_argument("--language", default="en", help="the pipeline's language (with DIR)")
    commands.add_parser("check-playbook", help="validate the playbook")
    commands.add_parser("migrate", help="migrate the progress database")
    report = commands.add_parser("report", help="role-play progress")
    report.add_argument("--trainee", help="the trainee's sender id (default: everyone)")
    report.add_argument("--chart", type=Path, help="also write a PNG chart of scores")
    scenario = commands.add_parser("scenario", help="validate role-play content")
    checks = scenario.add_subparsers(dest="check", required=True)
    checks.add_parser("check", help="a scenario file").add_argument("file", type=Path)
    checks.add_parser("check-lines", help="a reply-bank file").add_argument("file", type=Path)
    checks.add_parser("check-texts", help="a role-play texts file (texts/<language>.yml)") \
        .add_argument("file", type=Path)
    checks.add_parser("check-all", help="the whole role-play content directory")
    token = commands.add_parser("sender-token", help="REST credential for one sender")
    token.add_argument("sender")
    args = parser.parse_args(argv)
    settings = load_settings()

    if args.command == "build-spacy":
        from coach.nlp import save_pipeline
        from coach.settings import SPACY_PIPELINES

        if args.target:
            print(f"spaCy pipeline written to {save_pipeline(args.target, args.language)}")
        else:
            for language in SPACY_PIPELINES:
                target = save_pipeline(settings.spacy_pipeline_dir(language), language)
                print(f"{language} spaCy pipeline written to {target}")
    elif args.command == "check-playbook":
        from coach.playbook import PlaybookError, load_playbooks

        try:
            playbooks = load_playbooks(settings.playbook_dir, settings.sources_file)
        except PlaybookError as error:
            print(f"playbook error: {error}", file=sys.stderr)
            return 1
        counts = ", ".join(f"{lang} {len(book)}" for lang, book in playbooks.items())
        print(f"playbook OK: {len(playbooks['en'])} entries ({counts})")
    elif args.command == "migrate":
        from coach.db import migrate

        migrate(settings.database_url)
        print("database migrated")
    elif args.command == "sender-token":
        from coach.secret import sender_token

        print(sender_token(args.sender))
    elif args.command == "report":
        return _report(settings, args.trainee, args.chart)
    elif args.command == "scenario":
        return _check_content(settings, args.check, getattr(args, "file", None))
    return 0


def _check_content(settings, check: str, path: Path | None) -> int:
    from coach.roleplay import content

    if check == "check" and path is not None:  # argparse requires FILE for check, check-lines
        problems = content.check_scenario_file(path)
        what = f"{path}: scenarios OK"
    elif check == "check-lines" and path is not None:
        problems = content.check_lines_file(path)
        what = f"{path}: reply banks OK"
    elif check == "check-texts" and path is not None:
        problems = content.check_texts_file(path)
        what = f"{path}: role-play texts OK"
    else:
        # Every language that has reply banks, each loaded as the action server loads it.
        problems, found = [], []
        for lines_file in sorted((settings.roleplay_dir / "lines").glob("*.yml")):
            try:
                loaded = content.load_content(settings.roleplay_dir, lines_file.stem)
                found.append(f"{lines_file.stem}: {len(loaded.scenarios)} scenarios, "
                             f"{sum(map(len, loaded.lines.banks.values()))} customer lines")
            except content.RoleplayContentError as error:
                problems += [f"[{lines_file.stem}] {problem}" for problem in error.problems]
        what = f"{settings.roleplay_dir}: OK ({'; '.join(found)})"
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(what)
    return 0


def _report(settings, trainee, chart) -> int:
    from coach.db import Repository
    from coach.markup import plain
    from coach.progress import progress, progress_text, write_chart

    repository = Repository.from_url(settings.database_url)
    trainees = [trainee] if trainee else repository.trainees()
    if not trainees:
        print("no trainees yet")
        return 0
    records = {name: repository.finished_sessions(name) for name in trainees}
    for name in trainees:
        print(plain(progress_text(f"Progress of {name}", progress(records[name]))))
        print()
    if chart:
        print(f"chart written to {write_chart(records, chart)}")
    repository.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
