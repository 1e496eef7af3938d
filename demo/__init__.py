"""The demo generator: draws the committed demo photos of site_src/ (not part of the product).

`python -m demo` regenerates them; see demo/README.md. Nothing in gallery/ or tests/ imports it.
"""
