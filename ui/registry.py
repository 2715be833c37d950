"""Every page of the app, once: its file, title, icon, address and who may open it. The router draws the navigation
from it, each page's guard checks its user against it, and the tests and tools iterate it, so a new page cannot be
left out of any of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indicators.base.i18n import N_
from indicators.base.models import Role

ROOT = Path(__file__).resolve().parent.parent

#: Who may open a page: ``PUBLIC`` anyone (a public-only server shows these alone), ``SIGNED_OUT`` only a visitor
#: not signed in (the sign-in page), else the roles named.
PUBLIC: frozenset[Role] | None = None
SIGNED_OUT: frozenset[Role] = frozenset()
SIGNED_IN = frozenset(Role)
SIGN_IN = "pages/signin.py"


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the project, e.g. "pages/overview.py"
    title: str  # message key
    icon: str  # Material icon name
    url: str  # the address after the server's, e.g. "karta"
    section: str  # message key of the navigation section ("" for the public pages)
    roles: frozenset[Role] | None

    @property
    def public(self) -> bool:
        return self.roles is None

    @property
    def guarded(self) -> bool:
        """Does the page check its user first thing (``guard(__file__)``)? Every page but the public ones and the
        sign-in page (which signs in, or shows the account of whoever is signed in)."""
        return bool(self.roles) and self.path != SIGN_IN

    @property
    def name(self) -> str:
        """A short name for tables and timings: the file's stem."""
        return Path(self.path).stem


_FOLLOW_UP, _REPORTING, _STEERING, _ACCOUNT = (
    N_("nav.follow_up"),
    N_("nav.reporting"),
    N_("nav.steering"),
    N_("nav.account"),
)
_EDITOR = frozenset({Role.EDITOR})

PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/public_pledge.py", N_("nav.pub_pledge"), "volunteer_activism", "loftet", "", PUBLIC),
    PageSpec("pages/public_done.py", N_("nav.pub_done"), "task_alt", "vad-har-gjorts", "", PUBLIC),
    PageSpec("pages/public_trends.py", N_("nav.pub_trends"), "monitoring", "utveckling", "", PUBLIC),
    PageSpec("pages/public_method.py", N_("nav.pub_method"), "rule", "sa-foljer-vi-upp", "", PUBLIC),
    PageSpec("pages/public_about.py", N_("nav.pub_about"), "info", "om-tjansten", "", PUBLIC),
    PageSpec(SIGN_IN, N_("nav.sign_in"), "login", "logga-in", "", SIGNED_OUT),
    PageSpec("pages/overview.py", N_("nav.overview"), "dashboard", "oversikt", _FOLLOW_UP, SIGNED_IN),
    PageSpec("pages/map.py", N_("nav.map"), "map", "karta", _FOLLOW_UP, SIGNED_IN),
    PageSpec("pages/trends.py", N_("nav.trends"), "monitoring", "trender", _FOLLOW_UP, SIGNED_IN),
    PageSpec("pages/commitments.py", N_("nav.commitments"), "handshake", "ataganden", _FOLLOW_UP, SIGNED_IN),
    PageSpec("pages/chain.py", N_("nav.chain"), "account_tree", "fran-problem-till-effekt", _FOLLOW_UP, SIGNED_IN),
    PageSpec("pages/indicator.py", N_("nav.indicator"), "info", "indikator", _FOLLOW_UP, SIGNED_IN),
    PageSpec("pages/report.py", N_("nav.report"), "edit_note", "rapportera", _REPORTING, _EDITOR),
    PageSpec("pages/activities.py", N_("nav.activities"), "directions_walk", "aktiviteter", _REPORTING, _EDITOR),
    PageSpec("pages/status.py", N_("nav.status"), "task_alt", "atagandestatus", _REPORTING, _EDITOR),
    PageSpec("pages/feedback.py", N_("nav.feedback"), "chat", "ni-sa-vi-gjorde", _REPORTING, _EDITOR | {Role.STEERING}),
    PageSpec("pages/review.py", N_("nav.review"), "fact_check", "granska", _STEERING, frozenset({Role.STEERING})),
    PageSpec(
        "pages/audit.py", N_("nav.audit"), "history", "historik", _STEERING, frozenset({Role.STEERING, Role.ADMIN})
    ),
    PageSpec("pages/users.py", N_("nav.users"), "group", "anvandare", _STEERING, frozenset({Role.ADMIN})),
    PageSpec(SIGN_IN, N_("nav.my_account"), "account_circle", "logga-in", _ACCOUNT, SIGNED_IN),
)

#: The navigation's sections for a signed-in user, in order (the public pages come before the account).
_ORDER = [_FOLLOW_UP, _REPORTING, _STEERING, N_("nav.public_section"), _ACCOUNT]


def spec(path: str | Path) -> PageSpec:
    """The registered page of a file (its path as Streamlit runs it, absolute or relative to the project); a page
    registered twice (the sign-in page: signed out, and as the account page) gives its first entry."""
    wanted = Path(path).resolve() if Path(path).is_absolute() else (ROOT / path).resolve()
    for page in PAGES:
        if (ROOT / page.path).resolve() == wanted:
            return page
    raise KeyError(f"{path} is not a registered page (ui/registry.py)")


def sections(role: Role | None, public_only: bool, asked: str = "") -> dict[str, list[PageSpec]]:
    """What the navigation shows, by section (message keys; "" for no heading): a public-only server the public
    pages; a visitor not signed in those and the sign-in page; a signed-in user the pages of their role, then the
    public pages and their account. The first page is the default.

    ``asked`` is the address the browser opened (``granska`` for /granska). A guarded page there that the visitor
    may not use is listed too, while it is open, so that its own guard answers in the visitor's language (sign in
    first, or not for your role) rather than Streamlit's English "Page not found"; the guard draws nothing else."""
    public = [p for p in PAGES if p.public]
    if public_only:
        return {"": public}
    shown = (
        {"": [*public, *(p for p in PAGES if p.roles == SIGNED_OUT)]}
        if role is None
        else {key: [p for p in PAGES if p.section == key and p.roles and role in p.roles] for key in _ORDER}
    )
    if role is not None:
        shown[N_("nav.public_section")] = public
    listed = {p.url for pages in shown.values() for p in pages}
    for page in PAGES:
        if page.guarded and page.url == asked and asked not in listed:
            shown[page.section] = [*shown.get(page.section, []), page]
    order = [""] if role is None else []
    return {key: shown[key] for key in [*order, *_ORDER] if shown.get(key)}
