"""The thin MkDocs layer: turns the model and the subsystems' output into MkDocs files and
events. The only package that imports MkDocs; hooks/culture.py maps events onto it."""
