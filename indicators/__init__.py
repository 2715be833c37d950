"""Domain package for the follow-up of citizen pledges (medborgarlöften): store, rules, queries, builders, CLI.

Never imports streamlit: everything a page does, a test can do by calling this package.
"""

__version__ = "0.1.0"
