"""Intranet: every page the employees' exhibition generates (story pages, section indexes,
outlet/campaign/tag hubs, the red/black board, the morning meeting) and the search setup.
Reads content and photo markup; independent of the lobby screens."""
