"""The toolkit's own error type: a mistake the user can fix, printed as one clear message."""


class CfuError(Exception):
    """A user-facing error: what went wrong, where, and how to fix it."""
