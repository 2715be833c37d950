"""Router ("a picture frame"): page config, language, the shared filters (also in the URL), the navigation, run()."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from indicators.config import settings
from indicators.models import Role
from ui.auth import cookie_synced, current_user, sign_out, sync_cookie
from ui.common import lang, start_run, tr
from ui.filters import shared_filters

PRESENTATION_CSS = """<style>
[data-testid='stMainBlockContainer'] { max-width: 100%; padding: 3.5rem 3rem 2rem; }
[data-testid='stMainBlockContainer'] :is(p, li, label, [data-testid='stCaptionContainer']) {
  font-size: 1.5rem !important; line-height: 1.45; }
[data-testid='stMainBlockContainer'] h1 { font-size: 3.2rem !important; }
[data-testid='stMainBlockContainer'] h2 { font-size: 2.5rem !important; }
[data-testid='stMainBlockContainer'] h3 { font-size: 2rem !important; }
[data-testid='stMainBlockContainer'] [data-testid='stMetricValue'] :is(p, div) {
  font-size: 4rem !important; line-height: 1.1; }
</style>"""

#: Every page: captions dark enough for WCAG AA contrast (Streamlit fades them to about 3:1 on white).
BASE_CSS = """<style>
[data-testid='stCaptionContainer'] { color: #55555f !important; opacity: 1 !important; }
a:focus-visible, button:focus-visible, [role='switch']:focus-visible, [role='radio']:focus-visible,
input:focus-visible, [tabindex]:focus-visible { outline: 3px solid #1a5fb4 !important; outline-offset: 2px; }
</style>"""

A11Y_SCRIPT = """<script>
document.documentElement.lang = "LANG";
window.tableLabel = "LABEL";
if (!window.tableFocusFix) {
  window.tableFocusFix = new MutationObserver(() => {
    document.querySelectorAll("[data-testid='stTable'] > div:not([tabindex])").forEach((box) => {
      window.tableCount = (window.tableCount || 0) + 1;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", window.tableLabel + " " + window.tableCount);
    });
  });
  window.tableFocusFix.observe(document.body, { childList: true, subtree: true });
}
</script>"""

start_run()
present = st.query_params.get("present") == "1" or bool(st.session_state.get("present"))
st.set_page_config(
    page_title=tr("app.title"),
    page_icon="🛡️",
    layout="wide",
    initial_sidebar_state="collapsed" if present else "auto",
)

if "lang" not in st.session_state:
    st.session_state["lang"] = lang()
st.sidebar.radio(
    tr("app.language"), ["sv", "en"], key="lang", horizontal=True, format_func={"sv": "Svenska", "en": "English"}.get
)
if st.session_state["lang"] != "sv":
    st.query_params["lang"] = st.session_state["lang"]
elif "lang" in st.query_params:
    del st.query_params["lang"]

st.html(BASE_CSS)
# The page declares its language (Streamlit's own HTML says "en"), so screen readers speak Swedish as Swedish; a
# table too wide for a phone scrolls sideways, so its scroll box takes keyboard focus (arrow keys) and has a name.
st.html(A11Y_SCRIPT.replace("LANG", st.session_state["lang"]).replace("LABEL", tr("app.table_scroll")),
        unsafe_allow_javascript=True)  # fmt: skip

shared_filters()

if "present" not in st.session_state:
    st.session_state["present"] = present
st.sidebar.toggle(tr("present.toggle"), key="present", help=tr("present.help"))
if st.session_state["present"]:
    st.query_params["present"] = "1"
    # Large type for a projector (text scaled by CSS; tables keep their own, readable, size).
    st.html(PRESENTATION_CSS)
elif "present" in st.query_params:
    del st.query_params["present"]

who = current_user()
sync_cookie()
if who is not None:
    st.sidebar.caption(tr("auth.signed_in_as", user=who.username, role=tr(f"role.{who.role.value}")))
    if st.sidebar.button(tr("auth.sign_out"), key="sign_out", icon=":material/logout:"):
        sign_out()
        st.rerun()


def page(path: str, title: str, icon: str, url: str, default: bool = False) -> StreamlitPage:
    return st.Page(path, title=tr(title), icon=f":material/{icon}:", url_path=url, default=default)


def public_pages(default: bool) -> list[StreamlitPage]:
    """The five pages for anyone: what was promised, what was done, how things moved, how it is followed up, and
    about the service."""
    return [
        page("pages/public_pledge.py", "nav.pub_pledge", "volunteer_activism", "loftet", default=default),
        page("pages/public_done.py", "nav.pub_done", "task_alt", "vad-har-gjorts"),
        page("pages/public_trends.py", "nav.pub_trends", "monitoring", "utveckling"),
        page("pages/public_method.py", "nav.pub_method", "rule", "sa-foljer-vi-upp"),
        page("pages/public_about.py", "nav.pub_about", "info", "om-tjansten"),
    ]


# The router shows each role only the pages it may use; every non-public page checks the user again itself.
if settings().public_only:  # a public-only deployment: the public pages, no sign-in, a read-only store
    sections: dict[str, list[StreamlitPage]] = {"": public_pages(default=True)}
elif who is None:
    sections = {"": [*public_pages(default=True), page("pages/signin.py", "nav.sign_in", "login", "logga-in")]}
else:
    sections = {
        tr("nav.follow_up"): [
            page("pages/overview.py", "nav.overview", "dashboard", "oversikt", default=True),
            page("pages/map.py", "nav.map", "map", "karta"),
            page("pages/trends.py", "nav.trends", "monitoring", "trender"),
            page("pages/commitments.py", "nav.commitments", "handshake", "ataganden"),
            page("pages/indicator.py", "nav.indicator", "info", "indikator"),
        ]
    }
    if who.role is Role.EDITOR:
        sections[tr("nav.reporting")] = [
            page("pages/report.py", "nav.report", "edit_note", "rapportera"),
            page("pages/activities.py", "nav.activities", "directions_walk", "aktiviteter"),
            page("pages/status.py", "nav.status", "task_alt", "atagandestatus"),
        ]
    if who.role in (Role.STEERING, Role.ADMIN):
        sections[tr("nav.steering")] = [
            *([page("pages/review.py", "nav.review", "fact_check", "granska")] if who.role is Role.STEERING else []),
            page("pages/audit.py", "nav.audit", "history", "historik"),
            *([page("pages/users.py", "nav.users", "group", "anvandare")] if who.role is Role.ADMIN else []),
        ]
    sections[tr("nav.public_section")] = public_pages(default=False)
    sections[tr("nav.account")] = [page("pages/signin.py", "nav.my_account", "account_circle", "logga-in")]
st.navigation(sections).run()
cookie_synced()  # only reached when the page ran to its end (st.stop and page switches end a run early)
