"""The claim language: integer statements about convolution sizes.

:mod:`.syntax` (the tree: nodes, traversal, printing) <- :mod:`.parser`
(text -> tree, and the tree as SymPy); :mod:`.evaluate` (plain Python
integers and fractions) and :mod:`.vectorised` (NumPy, many assignments at
once); :mod:`.counting` (the counting functions ``gcd``, ``taps``,
``min_taps``, ``max_taps``, checked on a box only).  The names below are the language's public face.
"""

from .evaluate import Program, compile_node
from .parser import FUNCTIONS, MAX_EXPONENT, parse_claim, parse_number_expression, to_sympy
from .syntax import (
    SIZE_PARAMS,
    BinOp,
    BoolConst,
    Compare,
    Func,
    Logic,
    Neg,
    Node,
    Num,
    SizeCall,
    Var,
    kind_of,
    latex,
    size_calls,
    text,
    variables,
    walk,
)

__all__ = [
    "FUNCTIONS",
    "MAX_EXPONENT",
    "SIZE_PARAMS",
    "BinOp",
    "BoolConst",
    "Compare",
    "Func",
    "Logic",
    "Neg",
    "Node",
    "Num",
    "Program",
    "SizeCall",
    "Var",
    "compile_node",
    "kind_of",
    "latex",
    "parse_claim",
    "parse_number_expression",
    "size_calls",
    "text",
    "to_sympy",
    "variables",
    "walk",
]
