"""Composition root of the GUI (placeholder, replaced below)."""


def main() -> int:
    return 0
