"""Who is signed in: a plain :class:`~indicators.store.Principal` kept in session state (never an ORM object)."""

from __future__ import annotations

import streamlit as st

from indicators.models import Role
from indicators.store import Principal


def current_user() -> Principal | None:
    """The signed-in user of this browser session, or None for the public."""
    user = st.session_state.get("user")
    if not isinstance(user, dict):
        return None
    return Principal(str(user["username"]), Role(user["role"]), user.get("actor_code"))
