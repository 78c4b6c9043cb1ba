"""Proofs about sizes for all integers, and value-level identities.

:mod:`.language` is the claim language (syntax tree, parser, evaluation with
Python integers and with NumPy over a box); :mod:`.domain` derives a claim's
implicit domain; :mod:`.smt` encodes it for z3; :mod:`.reduction` writes the
readable proof steps; :mod:`.proof` decides (proved, disproved, unknown; checked
on a box for a claim with a counting function);
:mod:`.theorems` are the built-in theorems; :mod:`.identities` the
value-level identities checked exactly for given shapes.
"""
