"""Content: what staff write, read and checked. Owns discovery of site_src/, front-matter
reading, the record declarations (schema: `entry()` on the model's dataclasses; records: the
sections) and the one validation engine (engine), story bodies and the typed model. Imports nothing else of gallery but problems and paths."""
