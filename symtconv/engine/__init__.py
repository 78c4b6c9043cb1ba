"""The derivation and verification engine.

:mod:`.product` multiplies C with the input literally (``C^T x``, or ``C x``);
:mod:`.derivation` wraps that in a :class:`~.derivation.Derivation`;
:mod:`.verification` checks every independent method against it (scatter-add,
zero insertion, gather, torch, the adjoint identity); :mod:`.sweeps` runs the
verification over a grid of configurations.
"""
