"""Command-line interface: `python -m indicators COMMAND`. Messages in English; exit 0 on success, non-zero on error."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from indicators.base.config import ROOT, Settings, settings
from indicators.base.models import Pledge, Role, utcnow
from indicators.io import backup, demo, export, importer, kolada, scale
from indicators.io import catalogue as cat
from indicators.read import meetings, overview, plan, queries
from indicators.rules.accounts import AccountState, account_state
from indicators.rules.periods import PeriodError, parse_period
from indicators.rules.validation import ValidationError
from indicators.storage import auth, db, store
from indicators.storage.store import SYSTEM, PermissionDenied
from indicators.views import reminder, report


def _url(args: argparse.Namespace) -> str:
    return str(args.db or settings().db_url)


def cmd_init(args: argparse.Namespace) -> int:
    url = _url(args)
    db.migrate(url)
    print(f"store ready: {db.safe_url(url)}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    url = _url(args)
    path = Path(args.file or settings().pledge_file)
    catalogue = cat.load(path)  # every check before any write
    db.migrate(url)
    if args.if_empty:
        with db.read_session(url) as session:
            loaded = session.execute(select(col(Pledge.id)).limit(1)).first() is not None
            demo_store = demo.has_demo(session)
        if loaded:
            if args.demo and demo_store:  # a demo store made before the demo accounts existed gets them
                added = db.run_write(lambda s: demo.demo_users(s, SYSTEM), url)
                if added:
                    print(f"added {added} demo accounts")
            print("store already holds a pledge: nothing loaded (drop --if-empty to reload the catalogue)")
            return 0

    def work(session: db.Session) -> dict[str, dict[str, int]]:
        out = {"catalogue": cat.seed(session, catalogue)}
        if args.demo:
            out["demo"] = demo.seed_demo(session, catalogue.spec.pledge.code)
        return out

    result = db.run_write(work, url)
    print(f"loaded {path.name} into {db.safe_url(url)}: " + json.dumps(result, ensure_ascii=False))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    url = _url(args)
    with db.read_session(url) as session:
        info = queries.store_info(session, url)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        for key, value in info.items():
            print(f"{key}: {value}")
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    with db.read_session(_url(args)) as session:
        if args.pledge and queries.pledge(session, args.pledge) is None:
            raise UsageError(f"unknown pledge {args.pledge!r}")
        rows = queries.catalogue_rows(session, args.pledge)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r['code']:6} {r['level']:17} {r['actor']:4} {r['unit']:15} {r['frequency']:12} {r['name']}")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    """An actor's figures due and overdue by the reporting schedule, as an e-mail text (or JSON) to send."""
    url = _url(args)
    today = _date(args.today, "--today") if args.today else dt.date.today()
    with db.read_session(url) as session:
        pledges = [p["code"] for p in queries.pledges_in_order(session, today)]
        if not pledges:
            raise UsageError("the store holds no pledge: run `seed` first")
        # Without --pledge: the pledge (running, else newest) that asks this actor for anything; when several running
        # pledges ask it, a letter for one would silently leave the others out: name them and ask which.
        asking = [c for c in pledges if queries.scheduled_areas(session, c, args.actor)]
        running = {p["code"] for p in queries.pledges_in_order(session, today) if p["running"]}
        if not args.pledge and len([c for c in asking if c in running]) > 1:
            several = ", ".join(c for c in asking if c in running)
            raise UsageError(f"--pledge: {args.actor} is asked for figures by {several}; "
                             "give --pledge CODE (one letter per pledge)")  # fmt: skip
        pledge_code = args.pledge or (asking or pledges)[0]
        try:
            letter = reminder.build(session, pledge_code, args.actor, today, args.lang)
        except KeyError as exc:
            raise UsageError(f"unknown pledge or actor: {exc.args[0]!r}") from None
    if args.json:
        print(json.dumps({"actor": letter.actor_code, "pledge": letter.pledge_code, "subject": letter.subject,
                          "items": letter.items}, ensure_ascii=False, indent=1))  # fmt: skip
    else:
        print(f"Subject: {letter.subject}\n\n{letter.body}")
    return 0


def _plan_pledge(session: Session, args: argparse.Namespace) -> tuple[str, dt.date]:
    """The pledge (given, else running, else newest) and the day counted to (given, else today)."""
    listed = queries.pledges_in_order(session)
    if not listed:
        raise UsageError("the store holds no pledge: run `seed` first")
    code = args.pledge or listed[0]["code"]
    if queries.pledge(session, code) is None:
        raise UsageError(f"--pledge: unknown pledge {code!r} (known: {', '.join(p['code'] for p in listed)})")
    return code, _date(args.until, "--until") if args.until else dt.date.today()


def cmd_plan(args: argparse.Namespace) -> int:
    """The åtgärdsplan: each action with planned and done so far and its status (rule in the README)."""
    with db.read_session(_url(args)) as session:
        code, until = _plan_pledge(session, args)
        rows = plan.actions(session, code, until, public=args.public)
    if args.json:
        shown = [r.as_dict(args.public) for r in rows]
        print(json.dumps({"pledge": code, "until": until.isoformat(), "public": args.public, "actions": shown},
                         ensure_ascii=False, indent=1))  # fmt: skip
        return 0
    print(f"{code}, planned against done up to {until.isoformat()}")
    for r in rows:
        planned = "–" if r.planned is None else f"{r.planned:.1f}"
        done = "–" if r.done is None else f"{r.done:.1f}"
        demo_mark = " (demo)" if r.demo else ""
        print(
            f"{r.code:8} {r.actor_code:4} {r.status.value:13} planned {planned:>9} done {done:>9}  {r.text}{demo_mark}"
        )
    return 0


def cmd_chain(args: argparse.Namespace) -> int:
    """Each problem of the lägesbild with its chain: commitments, actions, outputs and effects, with statuses."""
    with db.read_session(_url(args)) as session:
        code, until = _plan_pledge(session, args)
        if args.area and args.area not in set(queries.areas(session)["code"]):
            raise UsageError(f"--area: unknown area {args.area!r}")
        links = plan.chain(session, code, until, args.area, public=args.public)
    if args.json:
        print(json.dumps({"pledge": code, "until": until.isoformat(), "public": args.public,
                          "problems": [link.as_dict() for link in links]}, ensure_ascii=False, indent=1))  # fmt: skip
        return 0
    for link in links:
        print(f"{link.problem_code} {link.text}")
        print(f"   commitments {', '.join(c['code'] for c in link.commitments)}; work {link.work.value}; "
              f"effect {link.effect}; {link.verdict}")  # fmt: skip
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The printable meeting report of the overview, as the Översikt page offers it."""
    url = _url(args)
    with db.read_session(url) as session:
        # Without --pledge: as the pages open, the running pledge else the newest; one whose map holds --area first.
        listed = queries.pledges_in_order(session)
        if not listed:
            raise UsageError("the store holds no pledge: run `seed` first")
        full = [queries.pledge(session, p["code"]) for p in listed]
        holding = [p["code"] for p in full if p and args.area in (*p["map_areas"], p["area_code"])]
        pledge_code = args.pledge or (holding or [listed[0]["code"]])[0]
        pledge = queries.pledge(session, pledge_code)
        if pledge is None:
            raise UsageError(f"unknown pledge {pledge_code!r}")
        area = args.area or (pledge["map_areas"] or [pledge["area_code"]])[0]
        names = dict(zip(*(queries.areas(session)[c] for c in ("code", "name")), strict=True))
        if area not in names:
            raise UsageError(f"--area: unknown area {area!r}")
        until = _date(args.until, "--until") if args.until else min(pledge["end"], dt.date.today())
        since = _date(args.since, "--since") if args.since else None
        data = overview.build(
            session,
            pledge_code,
            area,
            until,
            dt.date.today(),
            dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC) if since else None,
            args.meeting,
        )
        if args.meeting is not None and (data is None or data.meeting is None):
            raise UsageError(f"--meeting: no saved meeting {args.meeting}")
        assert data is not None
        items = meetings.agenda(session, pledge_code, args.meeting, dt.date.today())
        actions = plan.actions(session, pledge_code, data.until)
    html = report.overview_html(data, names.get(data.area_code, data.area_code), args.lang, agenda=items,
                                actions=actions)  # fmt: skip
    Path(args.out).write_text(html, encoding="utf-8")
    print(f"wrote {args.out}: {pledge['name']}, area {data.area_code}, figures up to {data.until}")
    return 0


def _actor(session: db.Session, username: str) -> store.Principal:
    try:
        return auth.principal(session, username)
    except PermissionError as exc:
        raise UsageError(f"--as: {exc}") from None


def _password(args: argparse.Namespace) -> str:
    """The password from stdin (piped) or a prompt asked twice; never from the command line."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise UsageError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users(args: argparse.Namespace) -> int:
    url = _url(args)
    if args.users_command == "list":
        with db.read_session(url) as session:
            rows = auth.users(session)
        if args.json:
            print(json.dumps(rows, default=str, ensure_ascii=False))
        now = utcnow()
        for r in [] if args.json else rows:
            state = account_state(bool(r["disabled"]), r["locked_until"], now)
            shown = f"waiting until {r['locked_until']:%H:%M} UTC" if state == AccountState.WAITING else state.value
            print(f"{r['username']:20} {r['role']:9} {r['actor_code'] or '-':5} {shown}")
        return 0
    if args.users_command == "add":
        password = _password(args)
        db.run_write(lambda s: auth.add_user(s, SYSTEM, args.name, password, args.role, args.actor), url)
        print(f"user {args.name.strip().lower()} added ({args.role}{', ' + args.actor if args.actor else ''})")
        return 0
    if args.users_command == "password":
        password = _password(args)
        db.run_write(lambda s: auth.set_password(s, SYSTEM, args.name, password), url)
        print(f"password of {args.name} changed")
        return 0
    db.run_write(lambda s: auth.set_disabled(s, SYSTEM, args.name, args.users_command == "disable"), url)
    print(f"user {args.name} {args.users_command}d")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    url = _url(args)
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    data = path.read_bytes()
    with db.read_session(url) as session:
        who = _actor(session, args.user)
    try:
        frame = importer.read_table(data, path.name)
    except importer.FileProblem as exc:
        print(f"error: {path.name}: {exc}; nothing stored", file=sys.stderr)
        return 1
    checked = importer.check_in(url, frame, who)
    if checked.errors:
        for e in checked.errors:
            print(f"{path.name}: {e}", file=sys.stderr)
        print(f"error: {len(checked.errors)} problem(s) in {len({e.line for e in checked.errors})} row(s); "
              "nothing stored", file=sys.stderr)  # fmt: skip
        return 1
    if not checked.figures:
        print(f"error: {path.name}: no row has a value or a status; nothing stored", file=sys.stderr)
        return 1
    try:
        stored = db.run_write(lambda s: importer.commit(s, who, checked.figures, path.name,
                                                        based_on=checked.based_on), url)  # fmt: skip
    except store.StaleRowsError as exc:
        print(f"error: {path.name}: {exc}", file=sys.stderr)
        return 1
    skipped = f"; {checked.skipped} empty rows skipped" if checked.skipped else ""
    print(f"stored {stored} figures from {path.name} as {who.username} (submitted for review){skipped}")
    return 0


def cmd_kolada(args: argparse.Namespace) -> int:
    """Context figures from a Kolada data response (a file or the live API), through the file import's checks."""
    url = _url(args)
    with db.read_session(url) as session:
        who = _actor(session, args.user)
        try:
            kolada.check_target(session, args.indicator, args.area, args.kpi)
        except kolada.TargetError as exc:
            raise UsageError(str(exc)) from None
    try:
        pages = kolada.read(args.source)
        response = kolada.figures(pages, args.kpi, args.municipality)
    except kolada.KoladaError as exc:
        print(f"error: {exc}; nothing stored", file=sys.stderr)
        return 1
    name = kolada.without_userinfo(args.source) if kolada.is_url(args.source) else Path(args.source).name
    checked = importer.check_in(url, kolada.import_frame(response, args.indicator, args.area), who)
    if checked.errors:
        years = dict(zip(checked.rows.index, checked.rows["period"], strict=True))
        for e in checked.errors:
            print(f"{response.kpi} {years.get(e.line, '?')}: {e.label()}: {e.message}", file=sys.stderr)
        print(f"error: {len(checked.errors)} problem(s) in {len({e.line for e in checked.errors})} year(s); "
              "nothing stored", file=sys.stderr)  # fmt: skip
        return 1
    try:
        stored = db.run_write(lambda s: importer.commit(s, who, checked.figures, name[:200],
                                                        based_on=checked.based_on), url)  # fmt: skip
    except store.StaleRowsError as exc:
        print(f"error: {exc}; nothing stored", file=sys.stderr)
        return 1
    what = f"{args.indicator} {args.area} {response.years} from Kolada {response.kpi}"
    unchanged = len(checked.figures) - stored
    if not stored:
        print(f"nothing new stored: the {unchanged} figures for {what} are stored as they are ({unchanged} unchanged)")
        return 0
    print(f"stored {stored} figures for {what} as {who.username} (submitted for review); {unchanged} unchanged")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    url = _url(args)
    with db.read_session(url) as session:
        who = _actor(session, args.user)
        # A code the store does not hold is a typo, never "nothing to do" (which would answer 0 and exit 0)
        if args.indicator is not None and queries.indicator(session, args.indicator) is None:
            raise UsageError(f"--indicator: unknown indicator {args.indicator!r}")
        area = getattr(args, "area", None)
        if area is not None and area not in set(queries.areas(session)["code"]):
            raise UsageError(f"--area: unknown area {area!r}")
    # None only when not given: an empty --period (an unset shell variable) is refused, never "every period"
    period = parse_period(args.period).code if args.period is not None else None
    if args.review_command == "publish":
        count = db.run_write(lambda s: store.publish_figures(s, who, period, args.indicator), url)
        print(f"published {count} approved figures")
        return 0

    def work(session: db.Session) -> int:
        queue = queries.figures_in_review(session, ("submitted",), period=period)
        if args.indicator is not None:
            queue = queue[queue["indicator_code"] == args.indicator]
        if area is not None:
            queue = queue[queue["area_code"] == area]
        ids = [int(i) for i in queue["figure_id"]]
        if args.review_command == "approve":
            return store.approve_figures(session, who, ids)
        return store.return_figures(session, who, ids, args.comment)

    count = db.run_write(work, url)
    print(f"{'approved' if args.review_command == 'approve' else 'returned'} {count} submitted figures")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Open data files of what the public may see."""
    if not args.public:
        raise UsageError("only --public exports exist: the published figures of public indicators")
    directory = Path(args.directory)
    with db.read_session(_url(args)) as session:
        count = len(export.public_figures(session))
        paths = export.write(session, directory)
    pledges = sorted({p.parent.name for p in paths if p.parent != directory})
    print(f"wrote {count} published figures to {directory}: {', '.join(export.FILES)} for every pledge together, "
          f"the same in a folder per pledge ({', '.join(pledges) or 'none'}), {export.CATALOGUE} (DCAT-AP-SE) and "
          f"{export.FEED} (Atom); addresses under {settings().public_url}{export.PATH}/")  # fmt: skip
    from indicators.io import dcat  # rdflib: loaded by this command only

    if not dcat.email(settings().contact):
        print(f"warning: {Settings.env_name('contact')} is not an e-mail address, so the catalogue's contact point has "
              "none; DCAT-AP-SE requires one (vcard:hasEmail), and dataportal.se may refuse the catalogue without it",
              file=sys.stderr)  # fmt: skip
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill the store with a scale's generated demo figures (all with source "demo")."""
    url = _url(args)
    db.migrate(url)
    try:
        result = db.run_write(lambda s: scale.generate(s, args.scale, progress=lambda m: print(m, flush=True)), url)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(json.dumps(result))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Time the pages on a scaled store (tools/bench.py: pages run through Streamlit's AppTest, a UI tool that this
    UI-free package runs as a separate program)."""
    if not args.scale and not args.sign_in_flood:
        raise UsageError("bench: --scale is required (or --sign-in-flood)")
    command = [sys.executable, str(ROOT / "tools" / "bench.py"), "--scale", args.scale or "sofielund", "--db",
               _url(args), "--runs", str(args.runs), "--servers", str(args.servers),
               *(["--json"] if args.json else []), *(["--sign-in-flood"] if args.sign_in_flood else []),
               *(["--only", args.only] if args.only else [])]  # fmt: skip
    return subprocess.run(command, cwd=ROOT).returncode  # noqa: S603 - our own tool, arguments parsed above


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the live SQLite store (SQLite's online backup API); writes may go on meanwhile."""
    made = backup.backup(_url(args), Path(args.path))
    print(f"backup written: {made.path} ({made.bytes / 1e6:.1f} MB, {made.figures} figures, {made.users} users, "
          f"schema {made.schema})")  # fmt: skip
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the store with a backup (refused over an existing store without --force)."""
    url = _url(args)
    who = SYSTEM
    if args.user:
        with db.read_session(url) as session:
            who = _actor(session, args.user)
    done = backup.restore(url, Path(args.path), who, force=args.force)
    print(f"restored {done.path} into {db.safe_url(url)}: {done.figures} figures, {done.users} users")
    return 0


class UsageError(ValueError):
    """A wrong argument: exit 2 with the message."""


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indicators", description=__doc__)
    parser.add_argument("--db", help="database URL (default: INDICATORS_DB_URL or sqlite:///data/indicators.db)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create the store or upgrade it to the newest schema")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("seed", help="load a catalogue file (default: the Sofielund pledge), optionally with demo data")
    p.add_argument("file", nargs="?", help="catalogue YAML file")
    p.add_argument("--demo", action="store_true", help="also generate demo figures, activities and status reports")
    p.add_argument("--if-empty", action="store_true", help="do nothing if the store already holds a pledge")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("info", help="counts of what the store holds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("catalogue", help="the indicators with their metadata")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pledge", help="one pledge's indicators (its code); default: every indicator in the store")
    p.set_defaults(func=cmd_catalogue)

    p = sub.add_parser("due", help="an actor's figures due and overdue by the reporting schedule, as an e-mail text")
    p.add_argument("--actor", required=True, help="actor code, e.g. POL")
    p.add_argument(
        "--pledge", help="pledge code (default: the first, running or newest, that asks the actor for any figure)"
    )
    p.add_argument("--today", help="the day to count from, YYYY-MM-DD (default: today)")
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.add_argument("--json", action="store_true", help="the items as JSON instead of the letter")
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("plan", help="the åtgärdsplan: each action's planned and done so far, with its status")
    p.add_argument("--pledge", help="pledge code (default: the running pledge, else the newest)")
    p.add_argument("--until", help="count up to this day, YYYY-MM-DD (default: today)")
    p.add_argument("--public", action="store_true", help="as the public sees it (published figures, whole quarters)")
    p.add_argument("--json", action="store_true", help="JSON instead of a table")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("chain", help="each problem of the lägesbild: commitments, actions, outputs, effects")
    p.add_argument("--pledge", help="pledge code (default: the running pledge, else the newest)")
    p.add_argument("--area", help="the area whose indicator statuses count (default: as the pages open)")
    p.add_argument("--until", help="count up to this day, YYYY-MM-DD (default: today)")
    p.add_argument("--public", action="store_true", help="as the public sees it (published figures only)")
    p.add_argument("--json", action="store_true", help="JSON instead of text")
    p.set_defaults(func=cmd_chain)

    p = sub.add_parser("report", help="write the printable meeting report (HTML) of the overview")
    p.add_argument("out", help="HTML file to write")
    p.add_argument("--pledge", help="pledge code (default: the newest)")
    p.add_argument("--area", help="area code (default: the pledge's first map area)")
    p.add_argument("--until", help="figures of periods ending by this day, YYYY-MM-DD (default: the pledge's end)")
    p.add_argument("--since", help="list figures stored since this day, YYYY-MM-DD (the last meeting)")
    p.add_argument("--meeting", type=int, help="a saved meeting's id: the overview as that meeting saw it")
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("users", help="add, list, disable or enable users (the password is read from stdin)")
    users = p.add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", help="add a user; the password comes from stdin or a prompt")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--actor", help="the actor an editor reports for (POL, MS, FGK, ASF, MF, BID)")
    listing = users.add_parser("list", help="every user with role, actor and state (no secrets)")
    listing.add_argument("--json", action="store_true")
    for name in ("disable", "enable", "password"):
        one = users.add_parser(name, help=f"{name} a user" if name != "password" else "set a new password (stdin)")
        one.add_argument("name")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("demo", help="fill the store with generated demo figures at a scale (source demo)")
    p.add_argument("--scale", required=True, choices=sorted(scale.SCALES), help="sofielund, malmo or sverige")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("bench", help="time every page on a scaled store against the small one (see README)")
    p.add_argument(
        "--scale", choices=sorted(scale.SCALES), help="the scale the store holds (required but with --sign-in-flood)"
    )
    p.add_argument("--runs", type=int, default=10, help="warm runs per page (median)")
    p.add_argument(
        "--sign-in-flood",
        action="store_true",
        help="only an editor's save latency, idle and while 4 "
        "processes flood the sign-in (on a throwaway copy of the store)",
    )
    p.add_argument("--servers", type=int, default=os.cpu_count() or 1,
                   help="app servers for the concurrent sessions (default: one per core, as in deploy/)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--only", help="comma-separated parts to run (pages, first_visit, concurrent, reference, import, "
                   "publish, meeting, actions, flood, browser; default: all)")  # fmt: skip
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser(
        "export",
        help="write the open data: the published figures (CSV, XLSX, JSON, SDMX-CSV) with "
        "their Data Package, the DCAT-AP-SE catalogue and the Atom feed",
    )
    p.add_argument("directory")
    p.add_argument("--public", action="store_true", help="what the public may see (required)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="import figures from a CSV or XLSX file as a user: all rows or none")
    p.add_argument("file")
    p.add_argument("--as", dest="user", required=True, help="the reporting user (an editor of the actor)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("kolada", help="context figures from Kolada (RKA), the municipal key figures' database")
    kolada_commands = p.add_subparsers(dest="kolada_command", required=True)
    one = kolada_commands.add_parser("import", help="import a key figure's yearly totals for one municipality from a "
                                     "Kolada data response (a JSON file, or the API's URL)")  # fmt: skip
    one.add_argument("source", metavar="FILE_OR_URL", help="a saved response, or an http(s) URL of Kolada's API")
    one.add_argument("--indicator", required=True, help="the context indicator to fill: yearly, scheduled for --area")
    one.add_argument("--kpi", required=True, help="Kolada's id of the key figure, e.g. N07403 (must be the file's)")
    one.add_argument("--area", required=True, help="the area the figures are for, a city, e.g. MALMO")
    one.add_argument("--municipality", help="Kolada's municipality id, e.g. 1280 (needed when the file has several)")
    one.add_argument("--as", "--user", dest="user", required=True, help="the reporting user (an editor of the "
                     "indicator's actor): the figures wait for the steering group's review as any import")  # fmt: skip
    p.set_defaults(func=cmd_kolada)

    p = sub.add_parser("backup", help="copy the live SQLite store to a new file, consistently, while it is in use")
    p.add_argument("path", help="the backup file to write (must not exist)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the store with a backup file (checked first)")
    p.add_argument("path", help="a file written by `backup`")
    p.add_argument("--force", action="store_true", help="overwrite an existing store (everything in it is replaced)")
    p.add_argument("--as", dest="user", help="an admin user to act as (default: the operator at this machine)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("review", help="approve, return or publish submitted figures as a steering user")
    review = p.add_subparsers(dest="review_command", required=True)
    for name, text in [("approve", "approve submitted figures"), ("return", "return submitted figures"),
                       ("publish", "publish approved figures")]:  # fmt: skip
        one = review.add_parser(name, help=text)
        one.add_argument("--as", dest="user", required=True, help="a steering-group user")
        one.add_argument("--period", help="only this period, e.g. 2023-Q2")
        one.add_argument("--indicator", help="only this indicator, e.g. I01")
        if name != "publish":
            one.add_argument("--area", help="only this area")
        if name == "return":
            one.add_argument("--comment", required=True, help="why (the editor sees it)")
        else:
            one.set_defaults(comment="")
    p.set_defaults(func=cmd_review)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except cat.CatalogueError as exc:
        print(f"error: catalogue not loaded, store unchanged:\n{exc}", file=sys.stderr)
        return 2
    except (UsageError, backup.BackupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"error: {exc}; nothing stored", file=sys.stderr)
        return 2
    except PermissionDenied as exc:
        print(f"error: not allowed: {exc}; nothing stored", file=sys.stderr)
        return 3
    except PeriodError as exc:
        print(f"error: --period: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a CLI reports, it does not dump a traceback on users
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
