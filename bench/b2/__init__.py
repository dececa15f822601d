"""Baseline B2 for `make bench`: a bare Django async view relaying a plain PydanticAI agent."""
