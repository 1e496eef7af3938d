"""`python -m gallery`: the `culture` command (for machines where the script is not on PATH)."""

from gallery.cli import main

main(prog_name="culture")
