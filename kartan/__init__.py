"""Samverkanskartan core library: model, loader, graph and analyses (no HTTP)."""

__version__ = "0.1.0"
