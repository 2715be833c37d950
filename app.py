"""Router ("a picture frame"): page config, language, the shared filters (also in the URL), the navigation, run()."""

from __future__ import annotations

import streamlit as st

from ui.common import lang, tr
from ui.filters import shared_filters

st.set_page_config(page_title="Medborgarlöfte – uppföljning", page_icon="🛡️", layout="wide")

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

pages = [
    st.Page(
        "pages/overview.py", title=tr("nav.overview"), icon=":material/dashboard:", url_path="oversikt", default=True
    ),
    st.Page("pages/indicator.py", title=tr("nav.indicator"), icon=":material/monitoring:", url_path="indikator"),
]
st.navigation(pages).run()
