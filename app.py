"""Router ("a picture frame"): page config, language, the shared pledge filter, the navigation, run()."""

from __future__ import annotations

import streamlit as st

from ui.common import lang, query, tr

st.set_page_config(page_title="Medborgarlöfte – uppföljning", page_icon="🛡️", layout="wide")

# Shared filters live here (they survive page switches) and in the URL, so a pasted link reproduces the view.
pledges = query("pledges")
codes = list(pledges["code"]) if len(pledges) else []
if codes:
    wanted = st.query_params.get("pledge")
    if st.session_state.get("pledge") not in codes:
        st.session_state["pledge"] = wanted if wanted in codes else codes[0]
    names = dict(zip(pledges["code"], pledges["name"], strict=True))
    st.sidebar.selectbox(tr("app.pledge"), codes, key="pledge", format_func=names.get)
    st.query_params["pledge"] = st.session_state["pledge"]

if "lang" not in st.session_state:
    st.session_state["lang"] = lang()
st.sidebar.radio(
    tr("app.language"), ["sv", "en"], key="lang", horizontal=True, format_func={"sv": "Svenska", "en": "English"}.get
)
if st.session_state["lang"] != "sv":
    st.query_params["lang"] = st.session_state["lang"]
elif "lang" in st.query_params:
    del st.query_params["lang"]

pages = [st.Page("pages/overview.py", title=tr("nav.overview"), icon="📋", url_path="oversikt", default=True)]
st.navigation(pages).run()
