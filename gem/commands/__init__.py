"""One module per ``gem`` subcommand; each exposes ``register(subparsers)``.

Helpers shared by the subcommands live in gem/commands/_common.py (modules whose name starts
with "_" are not subcommands).
"""
