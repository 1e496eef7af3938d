"""Culture-exhibition site generator: discovery, validation, images, pages and screens."""
