"""Router ("a picture frame"): page config, language, the shared filters (also in the URL), the navigation, run()."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner import get_script_run_ctx

from indicators.base.config import settings
from ui import registry
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
[data-testid='stMainBlockContainer'] [data-testid='stTable'] :is(td, th) { font-size: 1.35rem !important;
  padding: 0.45rem 0.7rem !important; }
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

who = current_user()
shared_filters(public=who is None)

if "present" not in st.session_state:
    st.session_state["present"] = present
st.sidebar.toggle(tr("present.toggle"), key="present", help=tr("present.help"))
if st.session_state["present"]:
    st.query_params["present"] = "1"
    # Large type for a projector (text scaled by CSS; tables keep their own, readable, size).
    st.html(PRESENTATION_CSS)
elif "present" in st.query_params:
    del st.query_params["present"]

sync_cookie()
if who is not None:
    st.sidebar.caption(tr("auth.signed_in_as", user=who.username, role=tr(f"role.{who.role.value}")))
    if st.sidebar.button(tr("auth.sign_out"), key="sign_out", icon=":material/logout:"):
        sign_out()
        st.rerun()


# The router shows each role only the pages it may use (ui/registry.py); every non-public page checks the user again
# itself. A page's address opened directly (a bookmark, a link in a mail) names it; the router's own choice of page
# (a click in the menu) comes as the page's hash instead.
run_ctx = get_script_run_ctx()
pages_manager = run_ctx.pages_manager if run_ctx is not None else None
asked = "" if pages_manager is None or pages_manager.intended_page_script_hash else pages_manager.intended_page_name
sections = registry.sections(who.role if who else None, settings().public_only, asked or "")
listed = [p for specs in sections.values() for p in specs]
# The first page is the default, served at "/" (Streamlit then knows it by no other address): opened by its own
# address (/loftet, the open data's landing page, or a menu link shared with a resident) it would get the English
# "Page not found" box, so for that run the default is the next page and the one asked for keeps its address.
default = listed[1] if asked and asked == listed[0].url and len(listed) > 1 else listed[0]
navigation: dict[str, list[StreamlitPage]] = {
    tr(key) if key else "": [
        st.Page(p.path, title=tr(p.title), icon=f":material/{p.icon}:", url_path=p.url, default=p is default)
        for p in specs
    ]
    for key, specs in sections.items()
}
st.navigation(navigation, expanded=True).run()  # every page listed: no "View N more" (in English)
cookie_synced()  # only reached when the page ran to its end (st.stop and page switches end a run early)
