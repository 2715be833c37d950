"""Streamlit helpers shared by app.py and the pages: cached reads, the language, labels. Thin by design."""
