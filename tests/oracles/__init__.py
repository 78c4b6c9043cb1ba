"""Oracles for the tests, written from the definitions and independent of symtconv.

Nothing in this package imports symtconv, so a test that compares symtconv
with an oracle never compares a module with itself.

* :mod:`.sizes`: output lengths counted by brute force (window starts, the
  scatter's extent), not by the size formulas;
* :mod:`.naive`: one naive transposed convolution, one naive convolution (any
  rank, batch, bias, groups, dilation, asymmetric padding, output_padding), and
  the matrix C built column by column from the naive convolution;
* :mod:`.mistakes`: the usual hand-calculation mistakes, each written out on the
  naive convolutions (2-D, one channel);
* :mod:`.claims`: an evaluator of size claims on brute-force sizes;
* :mod:`.phases`: stride phases, overlap counts and gcd by brute force;
* :mod:`.sparse`: SymPy's own sparse matrix product of a dense C with samples.
"""

from . import claims, mistakes, naive, phases, sizes, sparse

__all__ = ["claims", "mistakes", "naive", "phases", "sizes", "sparse"]
