"""Content: what staff write, read and checked. Owns discovery of site_src/, front-matter
reading, the record declarations (sections, culture.yml) and the one validation engine, story
bodies and the typed model. Imports nothing else of gallery but problems and paths."""
