"""Router ("a picture frame"): page config, language, the shared filters (also in the URL), the navigation, run()."""

from __future__ import annotations

import streamlit as st

from ui.common import lang, tr
from ui.filters import shared_filters

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
    # Large type for a projector: everything in the main area scaled up, wide margins dropped.
    st.html("<style>[data-testid='stMainBlockContainer'] { zoom: 1.3; max-width: 100%; padding-top: 1.5rem; }</style>")
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
