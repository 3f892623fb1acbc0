"""Automatic replies: their wording (``texts``) and their composition (``compose``)."""
