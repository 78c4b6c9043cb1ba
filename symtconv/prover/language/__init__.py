"""The claim language: integer statements about convolution sizes.

:mod:`.syntax` (the tree: nodes, traversal, printing) <- :mod:`.parser`
(text -> tree, and the tree as SymPy) ; :mod:`.evaluate` (plain Python
integers and fractions) and :mod:`.vectorised` (NumPy, many assignments at
once).
"""
