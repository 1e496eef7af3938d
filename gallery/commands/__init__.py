"""The `culture` subcommands, one module per family. gallery.cli names them (with their short
help) and imports a module only when its command runs or shows its own help."""
