"""wedge: a game-theory calculator for geopolitical scenarios."""

__version__ = "0.1.0"
