"""Tables of the åtgärdsplan and the chain in the reader's language (pages, the meeting report and the public view
draw the same ones)."""

from __future__ import annotations

import math

import pandas as pd

from indicators.base.formatting import date, number
from indicators.base.i18n import localized, t
from indicators.read.plan import ActionRow, ChainLink
from indicators.render import tables
from indicators.rules import plan as rule
from indicators.rules import status as indicator_status
from indicators.rules.plan import PlanStatus


def status_label(state: PlanStatus | str, lang: str) -> str:
    """Symbol and word, never colour alone: ``⚠ Efter plan``."""
    s = PlanStatus(state)
    return f"{rule.SYMBOLS[s]} {t(rule.LABELS[s], lang)}"


def amount(value: float | None, unit: str | None, lang: str) -> str:
    """A planned or done quantity with its unit (a count, of things or activities, bare), whole where it is whole."""
    if value is None or not math.isfinite(value):
        return "–"
    decimals = 0 if abs(value) >= 100 or abs(value - round(value)) < 0.05 else 1
    shown = number(value, lang, decimals)
    if unit in (None, "count"):  # a count of things or of activities: the plan's column says what
        return shown
    return f"{shown} {t(f'plan.unit.{unit}', lang)}"


def planned_amount(value: float | None, unit: str | None, lang: str) -> str:
    """Planned so far, the plan pro rata by days: a count of it whole and rounded up ("35" walks, never "34,6"),
    so that done is on plan exactly when it reaches the number shown; any other quantity as :func:`amount`."""
    if value is None or not math.isfinite(value) or unit not in (None, "count"):
        return amount(value, unit, lang)
    return amount(float(math.ceil(value - 1e-9)), unit, lang)  # 35.000000001 from the days' arithmetic is 35


def done_text(r: ActionRow, lang: str) -> str:
    """What was done, where a quantity was planned ('–' beside a plan without one: nothing to hold it against)."""
    if r.quantity is None:
        return "–"
    return amount(r.done, r.unit, lang) + (" *" if r.not_final and r.done is not None else "")


def per_label(quantity: float | None, per: str, unit: str | None, lang: str) -> str:
    """The plan as written: '3 a quarter', '160 hours a month', '4 in total'."""
    if quantity is None:
        return "–"
    return t(f"plan.per.{per}", lang, amount=amount(quantity, unit, lang))


def action_table(rows: list[ActionRow], lang: str, *, with_actor: bool = False) -> pd.DataFrame:
    """One row per action: what, who, when, the plan, planned and done so far, status, resources. Made-up
    quantities say so; figures not yet approved are marked '*'."""
    out = []
    for r in rows:
        what = localized(r, "text", lang)
        if r.demo:
            what += f" ({t('demo.label', lang).lower()})"
        measure = r.indicator_code or ", ".join(t(f"activity.{a}", lang) for a in r.activity_types) or "–"
        done = done_text(r, lang)
        resources = "; ".join(
            x
            for x in (
                t("plan.hours", lang, hours=number(r.hours, lang, 0)) if r.hours is not None else "",
                t("plan.kronor", lang, kronor=number(r.kronor, lang, 0)) if r.kronor is not None else "",
            )
            if x
        )
        row = {
            t("col.code", lang): r.code,
            t("col.commitment", lang): r.commitment_code,
            t("plan.col.action", lang): what,
        }
        if with_actor:
            row[t("col.actor", lang)] = r.actor_code
        row |= {
            t("plan.col.contact", lang): r.contact or "–",
            t("plan.col.when", lang): f"{date(r.start)}–{date(r.end)}",
            t("col.area", lang): r.area_name,
            t("plan.col.plan", lang): per_label(r.quantity, r.per, r.unit, lang),
            t("plan.col.measure", lang): measure,
            t("plan.col.planned", lang): planned_amount(r.planned, r.unit, lang) if r.planned is not None else "–",
            t("plan.col.done", lang): done,
            t("col.status", lang): status_label(r.status, lang),
            t("plan.col.through", lang): date(r.through),
            t("plan.col.resources", lang): resources or "–",
        }
        out.append(row)
    return pd.DataFrame(out)


def ranked(actions: list[ActionRow]) -> list[ActionRow]:
    """The åtgärdsplan's actions in the order the steering group reads them: worst status first
    (:data:`indicators.rules.plan.ORDER`), the plan's own order within each status."""
    order = {s: i for i, s in enumerate(rule.ORDER)}
    return sorted(actions, key=lambda a: order[a.status])


def public_table(rows: list[ActionRow], names: dict[str, str], lang: str) -> pd.DataFrame:
    """The public's compact plan: what, who, the plan, planned so far, done, status (made-up quantities say so)."""
    return pd.DataFrame([{  # status and done first: on a phone they are what shows without a swipe
        t("plan.col.action", lang): localized(r, "text", lang)
        + (f" ({t('demo.label', lang).lower()})" if r.demo else ""),
        t("col.status", lang): status_label(r.status, lang),
        t("plan.col.done", lang): done_text(r, lang),
        t("plan.col.planned", lang): planned_amount(r.planned, r.unit, lang) if r.planned is not None else "–",
        t("plan.col.plan", lang): per_label(r.quantity, r.per, r.unit, lang),
        t("col.actor", lang): names.get(r.actor_code, r.actor_code),
    } for r in rows])  # fmt: skip


def actor_table(by_actor: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Per actor, how many actions stand how (worst first)."""
    rows = []
    for r in by_actor.to_dict("records"):
        code = str(r["actor_code"])
        row: dict[str, object] = {t("col.actor", lang): f"{names.get(code, code)} ({code})"}
        for s in rule.ORDER:
            row[status_label(s, lang)] = int(r[s.value])
        rows.append(row)
    return pd.DataFrame(rows)


def verdict_label(verdict: str, lang: str) -> str:
    return t(f"chain.verdict.{verdict}", lang)


def indicator_line(row: dict[str, object], lang: str) -> str:
    """'I19 Otrygga ute sent på kvällen: ↗ I rätt riktning'."""
    name = row.get("name_en") if lang == "en" and row.get("name_en") else row.get("name")
    state = str(row.get("status") or indicator_status.IndicatorStatus.NO_DATA.value)
    return f"{row['code']} {name}: {tables.status_label(state, lang)}"


def chain_markdown(link: ChainLink, lang: str, *, public: bool = False) -> str:
    """One problem's chain as text: the problem, what was promised, what was done (planned against done), and how it
    went (outputs and effects), and where it stands."""
    parts = [f"**{link.problem_code}. {localized(link, 'text', lang)}**"]
    promised = [f"- {c['code']}: {localized(c, 'text', lang) or ''}" for c in link.commitments]
    parts.append(f"*{t('chain.promised', lang)}*\n\n" + ("\n".join(promised) or "–"))
    done = [
        f"- {status_label(a.status, lang)} · {localized(a, 'text', lang)}"
        + (f" ({t('demo.label', lang).lower()})" if a.demo else "")
        + f": {t('plan.col.planned', lang).lower()} {planned_amount(a.planned, a.unit, lang)}, "
        f"{t('plan.col.done', lang).lower()} {done_text(a, lang)}"
        for a in link.actions
    ]
    parts.append(f"*{t('chain.done', lang)}*\n\n" + ("\n".join(done) or "–"))
    went = [f"- {indicator_line(o, lang)}" for o in link.outputs]
    parts.append(f"*{t('chain.outputs', lang)}*\n\n" + ("\n".join(went) or "–"))
    effects = [f"- {indicator_line(e, lang)}" for e in link.effects]
    parts.append(f"*{t('chain.effects', lang)}*\n\n" + ("\n".join(effects) or "–"))
    if not public:
        parts.append(f"**{t('chain.where', lang)}:** {verdict_label(link.verdict, lang)}")
    return "\n\n".join(parts)
