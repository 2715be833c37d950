"""Message ids the code builds from a stored value (``t(f"status.{value}", lang)``), listed literally so the
extraction test (tests/test_i18n.py) sees each one; a test checks that each family covers its enum."""

from __future__ import annotations

from indicators.base.i18n import N_

FAMILIES: dict[str, tuple[str, ...]] = {
    "level": (N_("level.resurs_aktivitet"), N_("level.prestation"), N_("level.effekt")),
    "level_short": (N_("level_short.resurs_aktivitet"), N_("level_short.prestation"), N_("level_short.effekt")),
    "level_question": (
        N_("level_question.resurs_aktivitet"),
        N_("level_question.prestation"),
        N_("level_question.effekt"),
    ),
    "pub.method": (N_("pub.method.resurs_aktivitet"), N_("pub.method.prestation"), N_("pub.method.effekt")),
    "direction": (N_("direction.up"), N_("direction.down"), N_("direction.target"), N_("direction.context")),
    "commitment_kind": (N_("commitment_kind.general"), N_("commitment_kind.specific")),
    "review": (
        N_("review.draft"),
        N_("review.submitted"),
        N_("review.approved"),
        N_("review.returned"),
        N_("review.published"),
    ),
    "activity": (
        N_("activity.patrol"),
        N_("activity.safety_walk"),
        N_("activity.cleaning"),
        N_("activity.citizen_dialogue"),
        N_("activity.school_visit"),
        N_("activity.camera_installed"),
        N_("activity.inspection"),
        N_("activity.meeting"),
        N_("activity.other"),
    ),
    "commitment_state": (
        N_("commitment_state.not_started"),
        N_("commitment_state.ongoing"),
        N_("commitment_state.done"),
        N_("commitment_state.at_risk"),
    ),
    "role": (N_("role.admin"), N_("role.steering"), N_("role.editor"), N_("role.viewer")),
    "status": (
        N_("status.achieved"),
        N_("status.on_track"),
        N_("status.slow"),
        N_("status.deteriorating"),
        N_("status.no_certain_change"),
        N_("status.no_data"),
        N_("status.no_target"),
    ),
    "frequency": (
        N_("frequency.monthly"),
        N_("frequency.quarterly"),
        N_("frequency.half_yearly"),
        N_("frequency.yearly"),
        N_("frequency.irregular"),
    ),
    "plan.per": (N_("plan.per.month"), N_("plan.per.quarter"), N_("plan.per.year"), N_("plan.per.total")),
    "plan.unit": (
        N_("plan.unit.persons"),
        N_("plan.unit.hours"),
        N_("plan.unit.tonnes"),
        N_("plan.unit.sek"),
        N_("plan.unit.days"),
    ),
    "chain.verdict": (
        N_("chain.verdict.working"),
        N_("chain.verdict.no_effect_yet"),
        N_("chain.verdict.effect_without_work"),
        N_("chain.verdict.behind"),
        N_("chain.verdict.unknown"),
    ),
    "chain.effect": (N_("chain.effect.good"), N_("chain.effect.behind"), N_("chain.effect.unknown")),
    "present": (
        N_("present.levels"),
        N_("present.actors"),
        N_("present.plan"),
        N_("present.latest"),
        N_("present.changes"),
        N_("present.overdue"),
        N_("present.meeting"),
    ),
}
