"""Checking a hand calculation: the user's answer against the derivation.

:mod:`.answers` reads what the user claims (an output, one entry, a size, the
placements); :mod:`.compare` compares values (exactly, or to a tolerance);
:mod:`.placement` computes a transposed convolution the way a person does,
with options; :mod:`.mistakes` is the registry of usual mistakes, each a set of
placement options; :mod:`.diagnosis` explains the wrong entries and names the
mistakes that reproduce a claim; :mod:`.placement_steps` checks the claimed
placements one by one; :mod:`.checker` puts it together into a
:class:`~.report.CheckReport`.
"""
