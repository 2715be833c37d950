"""Disclosure control for everything the public sees: small counts and thin surveys are never shown as numbers, and
nothing hidden can be worked out from what is shown, today or from earlier releases.

What is protected is declared per indicator (``disclosure`` in the catalogue):

- ``people``: counts of people or of events that concern them (crimes, young people reached, visitors, respondents)
  and survey shares. The primary rules hide a count from 1 to 4 (shown ``<5``; 0 is a real zero and shown) and a
  share with fewer than 30 respondents (shown ``..``). Then the attacker's audit
  (:mod:`indicators.rules.disclosure_audit`) hides more wherever a protected figure could be narrowed from totals
  and their parts, over every release so far.
- ``none``: the actors' own work (dialogues held, safety walks, cleaning rounds, inspections): shown as counted.

The public sees ``..`` for every hidden figure with one reason, "skyddad uppgift", never which rule hid it.
Every public page, chart, map, tooltip and download reads the ``public_figure`` table that
:func:`indicators.storage.release.refresh` fills through these rules, so a cell is hidden the same way everywhere.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Literal

from indicators.rules.units import unit

SMALL_COUNT = 5
MIN_RESPONDENTS = 30

#: Why a value is not shown (the internal ``protection`` column), with the status code it is shown by.
SMALL, FEW_RESPONDENTS, COMPLEMENTARY, RATE = "small_count", "few_respondents", "complementary", "rate"
STATUS_OF = {SMALL: "small", FEW_RESPONDENTS: "suppressed", COMPLEMENTARY: "suppressed", RATE: "suppressed"}

#: Rates per 1,000 residents: a count of events divided by a population that is public elsewhere, so the rate gives
#: the count to anyone who has the population. The store holds no population, so no rule on the rate alone can tell
#: which rate stands for a count of 1–4 (13 per 1,000 is 4 crimes among 300 residents, and 4,700 among 360,000).
#: Declared ``people``, a rate is therefore never shown but as 0; left at the default ``none`` it is shown as
#: reported (README, "Disclosure control": why the catalogue's crime rates are).
RATE_UNITS = frozenset({"per_1000", "per_100000"})


class Mode(StrEnum):
    PEOPLE = "people"
    NONE = "none"


def additive(unit_code: str) -> bool:
    """Counts add up (a total is the sum of its parts), so they are the values small-count rules protect."""
    u = unit(unit_code)
    return u.integer and not u.categorical


def default_mode(unit_code: str) -> Mode:
    """Without a declaration: counts and survey shares are protected, other measures are not."""
    return Mode.PEOPLE if additive(unit_code) or unit(unit_code).needs_n else Mode.NONE


def kind(unit_code: str, mode: str) -> Literal["count", "survey"] | None:
    """What the audit protects in an indicator: counts, survey shares, or nothing."""
    if mode != Mode.PEOPLE:
        return None
    if unit(unit_code).needs_n:
        return "survey"
    return "count" if additive(unit_code) else None


def protects(unit_code: str, mode: str) -> bool:
    """Does disclosure control protect the figures of an indicator in this unit and mode (counts and survey shares
    declared ``people``, and rates declared so)? Its baseline is then a protected figure too."""
    return mode == Mode.PEOPLE and (kind(unit_code, mode) is not None or unit_code in RATE_UNITS)


def primary(value: Any, unit_code: str, n: Any, mode: str) -> str | None:
    """Why one figure is hidden by the primary rules (None: shown): a count of 1–4, a share of under 30, a rate
    declared ``people`` other than 0 (its count cannot be checked: :data:`RATE_UNITS`)."""
    if mode != Mode.PEOPLE or value is None or value != value:
        return None
    u = unit(unit_code)
    if additive(unit_code) and 0 < float(value) < SMALL_COUNT:
        return SMALL
    if unit_code in RATE_UNITS and float(value) != 0:
        return RATE
    if u.needs_n and (n is None or n != n or int(n) < MIN_RESPONDENTS):
        return FEW_RESPONDENTS
    return None


def shown(protection: str | None, status_code: str | None) -> Literal["value", "small", "suppressed", "status"]:
    """How the public sees a figure: as its number, as ``<5``, as ``..``, or as a status symbol without a number."""
    if protection:
        return "small" if STATUS_OF[protection] == "small" else "suppressed"
    if status_code == "suppressed":  # a reporter's own "skyddad uppgift" looks like any other ".."
        return "suppressed"
    return "status" if status_code else "value"


# --- Activity participants: the cell key method, quarter by quarter ----------------------------------------------

#: The noise added to a participant total of 5 or more, by the cell key (cumulative probability → change): zero on
#: average, at most 2 either way.
_NOISE = [(0.05, -2), (0.25, -1), (0.75, 0), (0.95, 1), (1.0, 2)]

#: What a quarter shown as ``<5`` counts as in a longer span's participants: the middle of 0–4, whatever its true
#: count (so the longer span tells nothing about it that its own ``<5`` does not).
SMALL_PART = 2


def record_key(store_key: str, activity_id: int) -> float:
    """An activity's record key: uniform on [0, 1), fixed for the activity, unknowable without the store's key."""
    digest = hmac.new(store_key.encode(), f"activity:{activity_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def perturb(store_key: str, records: Iterable[tuple[int, int | None]]) -> tuple[int | None, str | None]:
    """One quarter's public participant total from its activities (id, participants), by the cell key method that
    SCB uses: the same activities always give the same shown total, and any other set a new, unrelated noise, so
    neither two visits a day apart nor a late entry can be subtracted to get one activity's count. A total of 0–4
    shows as ``<5`` (value None, status "small"): a 0 too, so that ``<5`` never says "at least one" and no sum of
    quarters can pin one; 5 or more as the total plus a noise of at most ±2 (never below 5). No participant count
    recorded at all: (None, None). Returns (shown value, status)."""
    total, cell_key, known = 0, 0.0, False
    for activity_id, participants in records:
        if participants is None or participants != participants:  # None or NaN: not recorded
            continue
        known = True
        if participants > 0:
            total += int(participants)
            cell_key = (cell_key + record_key(store_key, activity_id)) % 1.0
    if not known:
        return None, None
    if total < SMALL_COUNT:
        return None, "small"
    change = next(d for p, d in _NOISE if cell_key < p)
    return max(SMALL_COUNT, total + change), None


def span_participants(
    store_key: str, quarters: Iterable[Iterable[tuple[int, int | None]]]
) -> tuple[int | None, str | None]:
    """The public participant total of a span of whole quarters (a quarter, or the pledge up to a quarter's end):
    the sum of what its quarters show (:func:`perturb`), a quarter shown ``<5`` counted as :data:`SMALL_PART`. It is
    what a reader adding up the quarters would get, so however the offered spans are combined they say nothing about
    a quarter beyond its own shown value (the cell key method perturbs every total on its own, and a quarter's
    ``<5`` could then be narrowed by subtracting two longer spans). A sum under 5 shows as ``<5``; no participant
    count recorded in any quarter: (None, None)."""
    shown, known = 0, False
    for records in quarters:
        value, status = perturb(store_key, records)
        if status == "small":
            shown, known = shown + SMALL_PART, True
        elif value is not None:
            shown, known = shown + value, True
    if not known:
        return None, None
    if shown < SMALL_COUNT:
        return None, "small"
    return shown, None
