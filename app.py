"""Router ("a picture frame"): page config, language, the shared filters (also in the URL), the navigation, run()."""

from __future__ import annotations

import streamlit as st

from ui.common import lang, tr
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

present = st.query_params.get("present") == "1" or bool(st.session_state.get("present"))
st.set_page_config(
    page_title="Medborgarlöfte – uppföljning",
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

pages = [
    st.Page(
        "pages/overview.py", title=tr("nav.overview"), icon=":material/dashboard:", url_path="oversikt", default=True
    ),
    st.Page("pages/map.py", title=tr("nav.map"), icon=":material/map:", url_path="karta"),
    st.Page("pages/trends.py", title=tr("nav.trends"), icon=":material/monitoring:", url_path="trender"),
    st.Page("pages/commitments.py", title=tr("nav.commitments"), icon=":material/handshake:", url_path="ataganden"),
    st.Page("pages/indicator.py", title=tr("nav.indicator"), icon=":material/info:", url_path="indikator"),
]
st.navigation(pages).run()
