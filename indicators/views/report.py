"""The printable meeting report: one self-contained HTML file (inline CSS, no scripts, no network) of the overview.

Print it from the browser ("Skriv ut" → "Spara som PDF") for a PDF; the print stylesheet sets A4 margins, repeats
table headers and keeps rows whole. The page is the template ``indicators/render/templates/report.html.j2``, which
Jinja escapes: every text from the store is printed as text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, SupportsFloat

import pandas as pd

from indicators.base.formatting import date, figure
from indicators.base.i18n import N_, localized, t
from indicators.read import plan
from indicators.read.meetings import Agenda, Item, ItemStatus
from indicators.read.overview import Overview
from indicators.read.plan import ActionRow
from indicators.render import html, tables
from indicators.rules import plan as plan_rule
from indicators.rules import status
from indicators.views import plan as plan_views


def overview_html(
    data: Overview,
    area_name: str,
    lang: str = "sv",
    generated: dt.datetime | None = None,
    agenda: Agenda | None = None,
    actions: list[ActionRow] | None = None,
) -> str:
    """The overview as a printable HTML page; with ``agenda`` (:func:`indicators.read.meetings.agenda`), the
    meeting's new action items and the open ones carried forward with their status; with ``actions``
    (:func:`indicators.read.plan.actions`), the åtgärdsplan planned against done per actor and per action."""
    names = dict(zip(data.actors["code"], data.actors["name"], strict=True))
    above = data.actors["parent_code"] if "parent_code" in data.actors else [None] * len(data.actors)
    parents = {c: p if isinstance(p, str) else None for c, p in zip(data.actors["code"], above, strict=True)}
    rule = status.rule_text(lang)
    return html.render(
        "report.html.j2",
        lang,
        p=data.pledge,
        area_name=area_name,
        until=data.until,
        generated=generated or dt.datetime.now(dt.UTC),
        meeting=data.meeting,
        demo=bool((data.assessed["source"] == "demo").any()),
        levels=list(data.levels.itertuples(index=False)),
        counts=data.counts,
        latest=tables.latest_table(data.assessed, lang).drop(columns=[t("col.link", lang)], errors="ignore"),
        numeric={t("col.value", lang), t("col.change", lang), t("col.target", lang)},
        actors=actor_table(data, lang),
        commitments=int(data.actors["commitments"].sum()),
        overdue=overdue_table(data.overdue, lang) if len(data.overdue) else pd.DataFrame(),
        changes=changes_table(data.meeting_changes, lang)
        if data.meeting and len(data.meeting_changes)
        else pd.DataFrame(),
        since=data.since,
        changed=changed_table(data.changed, lang) if data.since is not None and len(data.changed) else pd.DataFrame(),
        rule=[_LIST_ITEM.sub("", line.strip()) for line in rule.splitlines() if line.strip()],
        items_open=items_table(agenda.open, lang) if agenda and agenda.open else pd.DataFrame(),
        items_new=items_table(agenda.new, lang, carried=False) if agenda and agenda.new else pd.DataFrame(),
        items_shown=agenda is not None,
        plan_actors=plan_views.actor_table(plan.by_actor(actions, parents), names, lang) if actions else pd.DataFrame(),
        plan_actions=plan_views.action_table(actions, lang, with_actor=True) if actions else pd.DataFrame(),
        plan_rule=t(plan_rule.RULE_KEY, lang),
    )


#: A markdown list item's mark at the start of a line of the status rule (its text is printed as markdown).
_LIST_ITEM = re.compile(r"^[-*+]\s+")


def overview_bytes(
    data: Overview,
    area_name: str,
    lang: str = "sv",
    agenda: Agenda | None = None,
    actions: list[ActionRow] | None = None,
) -> bytes:
    """The report as UTF-8 bytes (what the download button sends)."""
    return overview_html(data, area_name, lang, agenda=agenda, actions=actions).encode("utf-8")


#: An action item's status in symbol and word (done with its day).
ITEM_STATUS = {ItemStatus.OVERDUE: ("⚠", N_("item_status.overdue")), ItemStatus.OPEN: ("○", N_("item_status.open")),
               ItemStatus.DONE: ("✔", N_("item_status.done"))}  # fmt: skip


def item_status_label(item: Item, lang: str) -> str:
    symbol, key = ITEM_STATUS[item.status]
    return f"{symbol} {t(key, lang, on=date(item.done_on))}".strip()


def items_table(items: list[Item], lang: str, carried: bool = True) -> pd.DataFrame:
    """Action items as the overview and the report list them: what, who, by when; carried forward from earlier
    meetings also the meeting that gave each, its status then (symbol and word) and, done, the note."""
    columns: dict[str, list[str]] = {}
    if carried:
        columns[t("col.status", lang)] = [item_status_label(i, lang) for i in items]
    columns[t("meeting.item_text", lang)] = [i.text for i in items]
    columns[t("meeting.item_owner", lang)] = [i.owner for i in items]
    columns[t("meeting.item_due", lang)] = [date(i.due) or "–" for i in items]
    if carried:
        columns[t("meeting.item_from", lang)] = [f"{date(i.meeting_held_on)} {i.meeting_title}" for i in items]
        if any(i.done_note for i in items):
            columns[t("meeting.item_done_note", lang)] = [i.done_note for i in items]
    return pd.DataFrame(columns, index=[i.id for i in items])


def actor_table(data: Overview, lang: str) -> pd.DataFrame:
    """Per actor its own commitments, each counted once (the column adds up to the pledge's commitments) and how
    they go; a parent's own and its departments' commitments together in a column of their own."""
    a = data.actors
    return pd.DataFrame(
        {
            "": a["code"],
            t("col.actor", lang): a["name"],
            t("col.part_of", lang): a["parent_name"],
            t("col.commitments", lang): a["commitments"],
            t("col.indicators", lang): a["indicators"],
            t("rollup.on_track", lang): a["on_track"],
            t("rollup.behind", lang): a["behind"],
            t("rollup.not_reported", lang): a["not_reported"],
            t("col.with_departments", lang): ["" if pd.isna(n) else str(int(n)) for n in a["with_departments"]],
        }
    )


#: The order the chair reads the commitments in: behind first, then not reported, then on track.
ROLLUP_ORDER = {status.CommitmentRollup.BEHIND: 0, status.CommitmentRollup.NOT_REPORTED: 1,
                status.CommitmentRollup.ON_TRACK: 2}  # fmt: skip


def commitment_table(data: Overview, lang: str) -> pd.DataFrame:
    """Per commitment, not only per actor: each with its actor's own newest status in symbol and word, in the order
    the chair reads them (:data:`ROLLUP_ORDER`; the catalogue's order within each)."""
    states = [x if isinstance(x, str) else None for x in data.commitments["status"]]
    rows = data.commitments.assign(
        state=states, rank=[ROLLUP_ORDER[status.rollup_commitment(x)] for x in states]
    ).sort_values("rank", kind="stable")
    names = dict(zip(data.actors["code"], data.actors["name"], strict=True))
    return pd.DataFrame({
        t("col.status", lang): [tables.commitment_label(x, lang) for x in rows["state"]],
        t("col.code", lang): rows["code"],
        t("col.actor", lang): [names.get(a, a) for a in rows["actor_code"]],
        t("col.commitment", lang): [localized(r, "text", lang) for r in rows.itertuples(index=False)],
        t("col.period", lang): [tables.period_label(p, lang) for p in rows["period"]],
    })  # fmt: skip


def overdue_table(overdue: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.actor", lang): overdue["actor_code"],
            t("col.code", lang): overdue["code"],
            t("col.indicator", lang): overdue["name_en" if lang == "en" else "name_sv"],
            t("col.period", lang): [tables.period_label(p, lang) for p in overdue["period"]],
            t("col.due", lang): [date(d) for d in overdue["due"]],
        }
    )


def _labels(figures: pd.DataFrame) -> list[dict[str, str] | None]:
    """Each row's category labels (a category indicator's; :func:`indicators.read.overview.build` adds them)."""
    column = figures["categories"] if "categories" in figures else [None] * len(figures)
    return [x if isinstance(x, dict) else None for x in column]


def _names(figures: pd.DataFrame, lang: str) -> dict[str, Any]:
    """An indicator's code and name and the area's name (:func:`indicators.read.overview._named` adds them)."""
    name = "name_en" if lang == "en" else "name_sv"
    return {
        t("col.code", lang): figures["indicator_code"],
        t("col.indicator", lang): figures[name] if name in figures else figures["indicator_code"],
        t("col.area", lang): figures["area_name"] if "area_name" in figures else figures["area_code"],
    }


def status_moves_table(moves: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicators whose status moved since a meeting: then → now, in symbol and word."""
    name = "name_en" if lang == "en" else "name_sv"
    return pd.DataFrame({
        t("col.code", lang): moves["code"],
        t("col.indicator", lang): moves[name],
        t("meeting.then", lang): [tables.status_label(s, lang) if s else "–" for s in moves["then"]],
        t("meeting.now", lang): [tables.status_label(s, lang) if s else "–" for s in moves["now"]],
    })  # fmt: skip


def commitment_moves_table(moves: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Commitments whose own status moved since a meeting: then → now, with the actor's name."""
    return pd.DataFrame({
        t("col.code", lang): moves["code"],
        t("col.actor", lang): [names.get(a, a) for a in moves["actor_code"]],
        t("col.commitment", lang): [localized(r, "text", lang) for r in moves.itertuples(index=False)],
        t("meeting.then", lang): [tables.commitment_label(s, lang) for s in moves["then"]],
        t("meeting.now", lang): [tables.commitment_label(s, lang) for s in moves["now"]],
    })  # fmt: skip


def changed_table(changed: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            **_names(changed, lang),
            t("col.period", lang): [tables.period_label(p, lang) for p in changed["period"]],
            t("col.value", lang): [
                figure(None if pd.isna(v) else v, s if isinstance(s, str) else None, u, lang, c)
                for v, s, u, c in zip(
                    changed["value"], changed["status_code"], changed["unit"], _labels(changed), strict=True
                )
            ],
            t("col.version", lang): changed["version"],
            t("meeting.kind", lang): [
                t("meeting.new", lang) if v == 1 else t("meeting.corrected", lang) for v in changed["version"]
            ],
            t("col.entered_by", lang): changed["entered_by"],
            t("col.entered_at", lang): [date(x) for x in changed["entered_at"]],
        }
    )


def changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    def shown(v: SupportsFloat | None, s: object, unit: str, labels: dict[str, str] | None) -> str:
        if (v is None or pd.isna(v)) and not isinstance(s, str):
            return ""
        value = None if v is None or pd.isna(v) else float(v)
        return figure(value, s if isinstance(s, str) else None, unit, lang, labels)

    labels = _labels(changes)
    return pd.DataFrame(
        {
            **_names(changes, lang),
            t("col.period", lang): [tables.period_label(p, lang) for p in changes["period"]],
            t("meeting.then", lang): [
                shown(v, s, u, c)
                for v, s, u, c in zip(
                    changes["value_then"], changes["status_then"], changes["unit"], labels, strict=True
                )
            ],
            t("meeting.now", lang): [
                shown(v, s, u, c)
                for v, s, u, c in zip(changes["value_now"], changes["status_now"], changes["unit"], labels, strict=True)
            ],
            t("meeting.kind", lang): [
                t("meeting.new", lang) if pd.isna(v) else t("meeting.corrected", lang) for v in changes["version_then"]
            ],
            t("col.review", lang): [
                t(f"review.{r}", lang) if isinstance(r, str) else ""
                for r in changes.get("review_state", pd.Series([None] * len(changes)))
            ],
            t("col.entered_by", lang): changes["entered_by"],
            t("col.entered_at", lang): [date(x) for x in changes["entered_at"]],
        }
    )
