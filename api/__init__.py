"""FastAPI application for Samverkanskartan."""
