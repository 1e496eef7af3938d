"""Photos: derivatives of the originals staff commit. Owns planning which photos a build needs,
deriving each one (orient, resize, strip metadata), the content-hash cache and the
<picture>/<figure> markup. Reads the content model; knows nothing of pages or screens."""
