"""The derivation and verification engine.

:mod:`.product` multiplies C with the input literally (``C^T x``, or ``C x``);
:mod:`.derivation` wraps that in a :class:`~.derivation.Derivation`;
:mod:`.verification` checks every independent method against it (scatter-add,
zero insertion, gather, torch, the adjoint identity); :mod:`.sweeps` runs the
verification over a grid of configurations; :mod:`.overlap` counts the products
that reach each output position and classifies the stride phases (checkerboards);
:mod:`.subpixel` computes the transposed convolution as stride-1 convolutions of
the phases, interleaved.
"""
