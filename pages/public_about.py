"""Om tjänsten (public): who runs it and how to reach them, how to report a problem, the accessibility statement
(tillgänglighetsredogörelse) that Swedish law requires, and the open data's licence."""

from __future__ import annotations

import streamlit as st

from indicators.base.config import settings
from indicators.base.formatting import number
from indicators.base.i18n import localized
from indicators.io.export import LICENCE
from indicators.read import published
from ui.common import lang, open_data_addresses, plain, query, require_pledge, tr

pledge = require_pledge()
contact = settings().contact

st.title(tr("nav.pub_about"), anchor=False)
st.markdown(tr("pub.about.lead", pledge=plain(localized(pledge, "name", lang()))))

st.header(tr("pub.about.contact"), anchor=False)
st.markdown(tr("pub.about.contact_set", contact=plain(contact)) if contact else tr("pub.about.contact_default"))
st.markdown(tr("pub.about.emergency"))

st.header(tr("pub.about.problem"), anchor=False)
st.markdown(tr("pub.about.problem_text"))

st.header(tr("pub.about.a11y"), anchor=False)
st.markdown(tr("pub.about.a11y_intro", pledge=plain(localized(pledge, "name", lang()))))
st.subheader(tr("pub.about.a11y_status"), anchor=False)
st.markdown(tr("pub.about.a11y_status_text"))
st.subheader(tr("pub.about.a11y_gaps"), anchor=False)
st.markdown(tr("pub.about.a11y_gaps_text"))
st.subheader(tr("pub.about.a11y_report"), anchor=False)
st.markdown(tr("pub.about.a11y_report_text"))
st.subheader(tr("pub.about.a11y_supervision"), anchor=False)
st.markdown(tr("pub.about.a11y_supervision_text"))
st.subheader(tr("pub.about.a11y_tested"), anchor=False)
st.markdown(tr("pub.about.a11y_tested_text"))

st.header(tr("pub.about.data"), anchor=False)
info = query(published.data_info)
st.markdown(tr("pub.about.data_text", licence=LICENCE, figures=number(info["figures"], lang()),
               published=info["published"] or "–"))  # fmt: skip
st.markdown(tr("pub.about.data_formats", **open_data_addresses(pledge["code"])))
st.page_link("pages/public_trends.py", label=tr("pub.trends.download"), icon=":material/download:")
