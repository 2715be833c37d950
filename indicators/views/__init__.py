"""What a page shows in one step, read and drawn together (cached as one read): the public pages' views, the
signed-in chart and map, the meeting report and the newsletter."""
