"""The printable meeting report: one self-contained HTML file (inline CSS, no scripts, no network) of the overview.

Print it from the browser ("Skriv ut" → "Spara som PDF") for a PDF; the print stylesheet sets A4 margins, repeats
table headers and keeps rows whole. Every text from the store is escaped.
"""

from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd

from indicators.base.formatting import date, figure
from indicators.base.i18n import t
from indicators.read.overview import Overview
from indicators.render import tables
from indicators.rules import status

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 60rem;
       line-height: 1.45; font-size: 11pt; }
h1 { font-size: 20pt; margin-bottom: .2rem; } h2 { font-size: 14pt; margin-top: 1.6rem; border-bottom: 2px solid #333; }
.meta { color: #444; } .demo { border: 2px solid #8a6d00; background: #fff8dc; padding: .4rem .6rem; }
.levels { display: flex; gap: 1rem; } .level { flex: 1; border: 1px solid #999; padding: .5rem .7rem; }
.level h3 { margin: 0 0 .3rem 0; font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin-top: .5rem; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; } td.num { text-align: right; white-space: nowrap; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } thead { display: table-header-group; }
               tr, .level { page-break-inside: avoid; } h2 { page-break-after: avoid; } }
"""


def _table(frame: pd.DataFrame, numeric: set[str] | None = None) -> str:
    if not len(frame):
        return ""
    numeric = numeric or set()
    head = "".join(f"<th scope='col'>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if c in numeric else ''}>{escape('' if pd.isna(v) else str(v))}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def overview_html(data: Overview, area_name: str, lang: str = "sv", generated: dt.datetime | None = None) -> str:
    """The overview as a printable HTML page."""
    p = data.pledge
    generated = generated or dt.datetime.now(dt.UTC)
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{escape(t('report.title', lang))} – {escape(p['name'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(p['name'])}</h1>",
        f"<p class='meta'>{escape(t('overview.period', lang, start=date(p['start']), end=date(p['end'])))}<br>"
        f"{escape(t('app.area', lang))}: {escape(area_name)} · {escape(t('app.until', lang))}: {date(data.until)}<br>"
        f"{escape(t('report.generated', lang, at=date(generated)))}</p>",
    ]
    if data.meeting:
        m = data.meeting
        parts.append(
            f"<p><strong>{escape(t('meeting.label', lang))}: {escape(m['title'])}</strong> "
            f"({date(m['held_on'])}) · {escape(t('meeting.saved_by', lang, who=m['saved_by'], at=date(m['saved_at'])))}"
            "</p>"
        )
    if (data.assessed["source"] == "demo").any():
        parts.append(f"<p class='demo'>{escape(t('report.demo', lang))}</p>")
    parts.append(f"<h2>{escape(t('overview.levels', lang))}</h2><div class='levels'>")
    for row in data.levels.itertuples(index=False):
        counts = data.counts[row.level]
        parts.append(
            f"<div class='level'><h3>{escape(t(f'level_short.{row.level}', lang))}</h3>"
            f"<p>{escape(t(f'level_question.{row.level}', lang))}</p>"
            f"<p>{escape(t('overview.level_counts', lang, indicators=row.indicators, commitments=row.commitments))}</p>"
            f"<p>{escape(t('overview.status_counts', lang, **counts))}</p></div>"
        )
    parts.append("</div>")
    latest = tables.latest_table(data.assessed, lang).drop(columns=[t("col.link", lang)], errors="ignore")
    parts.append(f"<h2>{escape(t('overview.latest', lang))}</h2>")
    parts.append(_table(latest, {t("col.value", lang), t("col.change", lang), t("col.target", lang)}))
    parts.append(f"<p class='meta'>{escape(t('legend.symbols', lang).replace('`', ''))}</p>")
    parts.append(f"<h2>{escape(t('overview.actors', lang))}</h2>")
    parts.append(_table(actor_table(data, lang)))
    parts.append(f"<h2>{escape(t('overview.overdue', lang))}</h2>")
    parts.append(
        _table(overdue_table(data.overdue, lang))
        if len(data.overdue)
        else f"<p>{escape(t('overview.overdue_none', lang))}</p>"
    )
    if data.meeting:
        parts.append(f"<h2>{escape(t('meeting.changes', lang))}</h2>")
        parts.append(
            _table(changes_table(data.meeting_changes, lang))
            if len(data.meeting_changes)
            else f"<p>{escape(t('meeting.no_changes', lang))}</p>"
        )
    elif data.since is not None:
        parts.append(f"<h2>{escape(t('overview.changed', lang))} {date(data.since.date())}</h2>")
        parts.append(_table(changed_table(data.changed, lang)) if len(data.changed) else "<p>–</p>")
    parts.append(f"<h2>{escape(t('overview.rule', lang))}</h2>")
    rule = status.RULE_EN if lang == "en" else status.RULE_SV
    parts.append("".join(f"<p>{escape(line.strip('- *'))}</p>" for line in rule.splitlines() if line.strip()))
    parts.append(f"<p class='meta'>{escape(t('overview.source', lang, source=p['source_document']))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def overview_bytes(data: Overview, area_name: str, lang: str = "sv") -> bytes:
    """The report as UTF-8 bytes (what the download button sends)."""
    return overview_html(data, area_name, lang).encode("utf-8")


def actor_table(data: Overview, lang: str) -> pd.DataFrame:
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
        }
    )


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


def changed_table(changed: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.code", lang): changed["indicator_code"],
            t("col.area", lang): changed["area_code"],
            t("col.period", lang): [tables.period_label(p, lang) for p in changed["period"]],
            t("col.value", lang): [
                figure(None if pd.isna(v) else v, s if isinstance(s, str) else None, u, lang)
                for v, s, u in zip(changed["value"], changed["status_code"], changed["unit"], strict=True)
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
    def shown(v: object, s: object, unit: str) -> str:
        if (v is None or pd.isna(v)) and not isinstance(s, str):
            return ""
        return figure(None if v is None or pd.isna(v) else float(v), s if isinstance(s, str) else None, unit, lang)

    return pd.DataFrame(
        {
            t("col.code", lang): changes["indicator_code"],
            t("col.area", lang): changes["area_code"],
            t("col.period", lang): [tables.period_label(p, lang) for p in changes["period"]],
            t("meeting.then", lang): [
                shown(v, s, u)
                for v, s, u in zip(changes["value_then"], changes["status_then"], changes["unit"], strict=True)
            ],
            t("meeting.now", lang): [
                shown(v, s, u)
                for v, s, u in zip(changes["value_now"], changes["status_now"], changes["unit"], strict=True)
            ],
            t("meeting.kind", lang): [
                t("meeting.new", lang) if pd.isna(v) else t("meeting.corrected", lang) for v in changes["version_then"]
            ],
            t("col.entered_by", lang): changes["entered_by"],
            t("col.entered_at", lang): [date(x) for x in changes["entered_at"]],
        }
    )
