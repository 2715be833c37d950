"""Start the dashboard: ``streamlit run app.py`` and its options, with one correction made first.

``app.py`` routes with ``st.navigation``, but Streamlit decides on a fresh server, before any script has run,
that a folder called ``pages/`` beside it is an old-style page folder. The first visitor of a fresh server who opens
a page by its address (``/utveckling``) then gets a "Page not found" box on top of the right page. Saying up front
that there is no such folder (what ``st.navigation`` itself says on its first call) avoids that.

    python -m ui.serve --server.port 8501
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> None:
    PagesManager.uses_pages_directory = False
    cli.main(["run", str(APP), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
