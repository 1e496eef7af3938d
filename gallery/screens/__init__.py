"""Lobby screens: screen settings and the emergency notice, playlists of public content, and
the standalone player written into site/screen/<name>/. Reads content and photo variants;
independent of the intranet pages."""
