"""Core geometry and C: the stages every other one builds on.

:mod:`.spec` (the validated, hashable ConvSpec) -> :mod:`.shapes` (size
formulas) -> :mod:`.operands` (reading the user's tensors or shapes, symbol
names) and :mod:`.parse` (the text users type) -> :mod:`.matrix` (C as a sparse
SymPy matrix) and :mod:`.numeric` (NumPy convolutions in PyTorch's layout).
"""
