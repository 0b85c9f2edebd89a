"""coursepack: one structured comparison in, handout, slide deck and cheat sheet out."""

__version__ = "0.1.0"
