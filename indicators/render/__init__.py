"""Pure builders from frames to what is shown: plotly charts, pydeck maps, tables with their labels. No session."""
