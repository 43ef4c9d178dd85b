"""Errors an analyst can act on: each names the file and the problem."""

from __future__ import annotations


class AlignerError(Exception):
    """Base for every error the tool reports to a user as one clear line."""


class InputError(AlignerError):
    """A document that cannot be read or checked, with the file and the reason."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
