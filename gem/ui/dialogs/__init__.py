"""Dialogs of the application shell: first-run database choice and sign-in."""
