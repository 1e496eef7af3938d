"""Publishing: build the whole site aside and swap the served link to it atomically."""
