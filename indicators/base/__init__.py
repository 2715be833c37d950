"""The vocabulary every layer shares: the stored tables (models), the settings, the words in both languages and
Swedish number and date formats. Imports nothing else of the package."""
