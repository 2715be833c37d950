"""Review and publishing, and corrections: submitted → approved (or returned) → published; only published figures
reach the public; two people correcting one figure lose nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.base.models import Role
from indicators.read import published, queries
from indicators.rules.periods import PeriodError
from indicators.rules.validation import FigureInput, ValidationError
from indicators.storage import db, store
from indicators.storage.store import ConflictError, Principal
from tests.support import cli, examples, figure_history

POL = Principal("pol", Role.EDITOR, "POL")
CHAIR = Principal("ordf", Role.STEERING)
UNTIL = dt.date(2026, 11, 22)


def _submit(url: str, value: float, period: str = "2026-01", expected: int | None = None) -> int:
    figure = FigureInput("I02", "11319", period, value, None, None, "POL")
    return db.run_write(lambda s: store.submit_figure(s, by=POL, figure=figure, expected_version=expected).id, url)


def _public_value(url: str, code: str) -> float | None:
    """The value the public pages, downloads and newsletter read (the public frame), or None where they show none."""
    with db.read_session(url) as s:
        shown = published.figures(s, (code,), ("11319",), "2026-01")
    return None if shown.empty or pd.isna(shown["value"].iloc[0]) else float(shown["value"].iloc[0])


def test_a_figure_goes_from_submitted_to_published_and_only_then_reaches_the_public(store_url: str) -> None:
    figure_id = _submit(store_url, 17)
    assert _public_value(store_url, "I02") is None  # submitted: internal only
    db.run_write(lambda s: store.approve_figures(s, CHAIR, [figure_id]), store_url)
    assert _public_value(store_url, "I02") is None  # approved: still not public
    published = db.run_write(lambda s: store.publish_figures(s, CHAIR, "2026-01"), store_url)
    assert published >= 1
    assert _public_value(store_url, "I02") == 17
    # A correction is internal until it is published in turn; the public keeps the published version.
    _submit(store_url, 18)
    assert _public_value(store_url, "I02") == 17
    with db.read_session(store_url) as s:
        internal = queries.latest_values(s, "sofielund-2022", "11319", UNTIL).set_index("code")
    assert internal.loc["I02", "value"] == 18


def test_a_returned_figure_carries_the_comment_to_the_editor(store_url: str) -> None:
    figure_id = _submit(store_url, 99, "2026-10")  # the newest ended month: first in the editor's list
    with pytest.raises(ValidationError, match="skriv varför"):
        db.run_write(lambda s: store.return_figures(s, CHAIR, [figure_id], "  "), store_url)
    db.run_write(lambda s: store.return_figures(s, CHAIR, [figure_id], "99 patruller? Kontrollera."), store_url)
    with db.read_session(store_url) as s:
        due = queries.due_figures(s, "sofielund-2022", "POL", "11319", UNTIL)
        returned = queries.figures_in_review(s, ("returned",), "POL")
    row = due[(due["indicator_code"] == "I02") & (due["period"] == "2026-10")].iloc[0]
    assert row["review_state"] == "returned" and row["review_comment"] == "99 patruller? Kontrollera."
    assert list(returned["figure_id"]) == [figure_id]
    with pytest.raises(ValidationError, match="returned"):  # only submitted figures can be reviewed
        db.run_write(lambda s: store.approve_figures(s, CHAIR, [figure_id]), store_url)


def test_an_old_version_can_not_be_approved(store_url: str) -> None:
    first = _submit(store_url, 5)
    _submit(store_url, 6)
    with pytest.raises(ValidationError, match="rättats sedan"):
        db.run_write(lambda s: store.approve_figures(s, CHAIR, [first]), store_url)


def test_the_second_of_two_simultaneous_corrections_is_told_and_stores_nothing(store_url: str) -> None:
    """Both began from version 1; the first save wins, the second gets the newer figure back to compare."""
    _submit(store_url, 10, expected=0)
    _submit(store_url, 11, expected=1)  # the first editor's correction
    with pytest.raises(ConflictError) as conflict:
        _submit(store_url, 12, expected=1)  # the second editor also saw version 1
    assert conflict.value.current["version"] == 2 and conflict.value.current["value"] == 11
    with db.read_session(store_url) as s:
        history = figure_history(s, "I02", "11319", "2026-01")
    assert list(history["value"]) == [10, 11]
    _submit(store_url, 12, expected=2)  # having seen 11, the second editor saves on purpose
    with db.read_session(store_url) as s:
        assert list(figure_history(s, "I02", "11319", "2026-01")["value"]) == [10, 11, 12]


def test_a_withdrawal_is_a_new_version_with_its_reason(store_url: str) -> None:
    _submit(store_url, 7)
    db.run_write(lambda s: store.withdraw_figure(s, POL, "I02", "11319", "2026-01", "dubbelräknat"), store_url)
    with db.read_session(store_url) as s:
        history = figure_history(s, "I02", "11319", "2026-01")
    assert list(history["version"]) == [1, 2]
    assert history["status_code"].iloc[-1] == "missing" and "dubbelräknat" in history["note"].iloc[-1]
    assert history["value"].iloc[0] == 7  # the withdrawn version stays


def test_review_cli_approves_and_publishes(store_url: str) -> None:
    _submit(store_url, 21)
    run = ["--db", store_url, "review"]
    approve = cli(*run, "approve", "--as", "ordf", "--indicator", "I02", "--period", "2026-01")
    assert approve.returncode == 0 and "approved 1 submitted figures" in approve.stdout, approve.stderr
    publish = cli(*run, "publish", "--as", "ordf", "--period", "2026-01")
    assert publish.returncode == 0 and "published 1 approved figures" in publish.stdout
    assert _public_value(store_url, "I02") == 21
    refused = cli(*run, "publish", "--as", "pol")
    assert refused.returncode == 3 and "not allowed" in refused.stderr
    bad = cli(*run, "approve", "--as", "ordf", "--period", "2026-13")
    assert bad.returncode == 2 and "--period" in bad.stderr


def test_publishing_what_was_confirmed_publishes_nothing_when_the_approved_set_has_grown(store_url: str) -> None:
    """A member confirmed one approved figure of a period; another approved a second before the click landed (an
    attack helper: 61 figures went out unseen). With the number confirmed, nothing is published and the error says
    both numbers; with the right number, both go out; none left is 0 (someone else published them)."""
    first = _submit(store_url, 31, "2026-02")
    db.run_write(lambda s: store.approve_figures(s, CHAIR, [first]), store_url)
    pol_i01 = FigureInput("I01", "11319", "2026-02", 150.0, None, None, "POL")
    second = db.run_write(lambda s: store.submit_figure(s, by=POL, figure=pol_i01).id, store_url)
    db.run_write(lambda s: store.approve_figures(s, CHAIR, [second]), store_url)  # meanwhile, by another member
    with pytest.raises(ValidationError) as changed:
        db.run_write(lambda s: store.publish_figures(s, CHAIR, "2026-02", expected=1), store_url)
    assert "2 godkända siffror väntar nu, inte de 1 du bekräftade" in changed.value.text("sv")
    with db.read_session(store_url) as s:
        assert set(queries.figures_in_review(s, ("approved",), period="2026-02")["figure_id"]) == {first, second}
    assert db.run_write(lambda s: store.publish_figures(s, CHAIR, "2026-02", expected=2), store_url) == 2
    assert db.run_write(lambda s: store.publish_figures(s, CHAIR, "2026-02", expected=2), store_url) == 0


@pytest.mark.parametrize(
    "command, option, code",
    [("approve", "--indicator", "I2"), ("approve", "--area", "11391"), ("return", "--area", ""),
     ("publish", "--indicator", "i02"), ("publish", "--indicator", "")],
)  # fmt: skip
def test_an_unknown_indicator_or_area_is_named_and_nothing_is_reviewed(
    store_url: str, command: str, option: str, code: str
) -> None:
    """A mistyped code to `review` named the error as "approved 0 submitted figures", exit 0: it is refused (exit 2,
    the option and the code named), and the figure waiting stays as it was."""
    figure_id = _submit(store_url, 24)
    if command == "publish":
        db.run_write(lambda s: store.approve_figures(s, CHAIR, [figure_id]), store_url)

    def waiting() -> list[int]:
        with db.read_session(store_url) as s:
            return sorted(queries.figures_in_review(s, ("submitted", "approved"))["figure_id"])

    before = waiting()
    assert figure_id in before
    extra = ["--comment", "fel"] if command == "return" else []
    run = cli("--db", store_url, "review", command, "--as", "ordf", "--period", "2026-01", option, code, *extra)
    assert run.returncode == 2, run.stdout
    assert option in run.stderr and repr(code) in run.stderr and run.stdout == ""
    assert waiting() == before
    assert _public_value(store_url, "I02") is None


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_a_blank_period_publishes_nothing_rather_than_every_period(store_url: str, blank: str) -> None:
    """`review publish --period "$PERIOD"` with the variable unset published every approved period (an attack
    helper): a blank period is refused, in the CLI and in the domain, and nothing is published."""
    figure_id = _submit(store_url, 23)
    db.run_write(lambda s: store.approve_figures(s, CHAIR, [figure_id]), store_url)
    before = _public_value(store_url, "I02")
    run = cli("--db", store_url, "review", "publish", "--as", "ordf", "--period", blank)
    assert run.returncode == 2 and "--period" in run.stderr and "published" not in run.stdout
    with pytest.raises(PeriodError):
        db.run_write(lambda s: store.publish_figures(s, CHAIR, blank), store_url)
    assert db.run_write(lambda s: store.publish_figures(s, CHAIR, None, ""), store_url) == 0  # no such indicator
    assert _public_value(store_url, "I02") == before != 23


@given(
    picks=st.lists(st.tuples(st.sampled_from(["2026-03", "2026-04"]), st.sampled_from(["I01", "I02"]),
                             st.sampled_from(["11319", "11320"])), min_size=0, max_size=6),
    period=st.sampled_from(["2026-03", "2026-04", None]),
    off_by=st.integers(-2, 2),
)  # fmt: skip
@examples(30)
def test_a_publication_goes_out_whole_as_confirmed_or_not_at_all(
    store_url: str, picks: list[tuple[str, str, str]], period: str | None, off_by: int
) -> None:
    """Whatever figures are approved and whatever number a member confirmed: publishing goes out exactly when the
    number is the approved set's (then every one of them, in that period only), else nothing changes at all (every
    approved figure still waits, the public view as it was); none left is 0, never an error."""
    for p, code, area in picks:  # each a new version (a value the key has not now), approved
        with db.read_session(store_url) as s:
            now = queries.current_figure(s, code, area, p)
        value = (now["value"] if now and now["value"] is not None else 100.0) + 1
        figure = FigureInput(code, area, p, value, None, None, "POL")
        fid = db.run_write(lambda s, f=figure: store.submit_figure(s, by=POL, figure=f).id, store_url)
        db.run_write(lambda s, i=fid: store.approve_figures(s, CHAIR, [i]), store_url)

    def approved() -> set[int]:
        with db.read_session(store_url) as s:
            return set(queries.figures_in_review(s, ("approved",), period=period)["figure_id"])

    def public() -> list[tuple[Any, ...]]:
        with db.read_session(store_url) as s:
            return sorted(map(tuple, published.figures(s).astype(str).itertuples(index=False)))

    before, shown = approved(), public()
    with db.read_session(store_url) as s:
        every = set(queries.figures_in_review(s, ("approved",))["figure_id"])
    expected = max(0, len(before) + off_by)
    if before and expected != len(before):
        with pytest.raises(ValidationError):
            db.run_write(lambda s: store.publish_figures(s, CHAIR, period, expected=expected), store_url)
        with db.read_session(store_url) as s:
            assert set(queries.figures_in_review(s, ("approved",))["figure_id"]) == every  # nothing partial
        assert public() == shown
        return
    count = db.run_write(lambda s: store.publish_figures(s, CHAIR, period, expected=expected), store_url)
    assert count == len(before)
    assert not approved()
    with db.read_session(store_url) as s:
        assert set(queries.figures_in_review(s, ("approved",))["figure_id"]) == every - before  # that period only
