"""Subcommands of the ``cfu`` command line: one module each, exporting ``register(subparsers)``.

A registered subcommand sets ``func`` on its parser: ``func(args) -> int`` (the exit status).
"""
