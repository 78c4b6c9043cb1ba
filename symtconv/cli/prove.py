"""``symtconv prove``: claims about sizes for all integers, built-in theorems, identities.

Exit codes: 0 proved, 1 disproved, 3 unknown or only checked on a box (2 bad input, as
for every command); a built-in theorem exits 0 when every part gets its expected answer,
parts checked on a box included.
"""

from __future__ import annotations

import argparse
import difflib
import re
from typing import Any

from ..core import cost
from ..core.lexer import clip
from ..errors import SpecError
from ..prover.identities import IDENTITIES, prove_identity
from ..prover.identities import MAX_ELEMENTS as IDENTITY_MAX_ELEMENTS
from ..prover.identities import MAX_NONZEROS as IDENTITY_MAX_NONZEROS
from ..prover.proof import DEFAULT_TIMEOUT, prove
from ..prover.theorems import THEOREMS, TheoremResult, prove_theorem
from ..render.jsonfmt import dumps
from .command import Command
from .options import add_limit, add_max_nonzeros, add_spec_options, spec_kwargs, write_output

__all__ = ["EXIT_CODES", "Prove"]

#: Answer -> exit code (a claim only checked on a box is not proved: 3).
EXIT_CODES = {"proved": 0, "disproved": 1, "unknown": 3, "checked": 3}


def _spec_defaults() -> dict[str, Any]:
    """Every destination the shared spec options define, with its default."""
    probe = argparse.ArgumentParser(add_help=False)
    add_spec_options(probe)
    return vars(probe.parse_args([]))


class Prove(Command):
    """A claim, a built-in theorem or an identity: proved, disproved or unknown."""

    name = "prove"
    description = (
        "Prove a claim about convolution sizes for all integers in its domain, refute it "
        "with a re-checked counterexample, or answer unknown. CLAIM is a condition such as "
        "'conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i' (see the README for the "
        "language), or the NAME of a built-in theorem (--list). --identity NAME checks a "
        "value-level identity exactly for the shapes given with the usual options. "
        "Exit codes: 0 proved, 1 disproved, 3 unknown or checked on a box only (a claim with "
        "gcd or taps), 2 bad input; a theorem: 0 when every part gets its expected answer."
    )
    formats = ("text", "json", "latex")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The claim or theorem, assumptions, --list, --identity, the limits."""
        parser.add_argument(
            "claim", nargs="?", metavar="CLAIM|NAME", help="a claim or a theorem name"
        )
        parser.add_argument(
            "--assume",
            action="append",
            default=[],
            metavar="COND",
            help="an assumption in the claim language (repeatable; all hold together)",
        )
        parser.add_argument("--list", action="store_true", help="list the built-in theorems")
        parser.add_argument(
            "--identity",
            choices=sorted(IDENTITIES),
            metavar="NAME",
            help=f"check a value-level identity ({', '.join(IDENTITIES)}) for the given shapes",
        )
        add_max_nonzeros(
            parser,
            IDENTITY_MAX_NONZEROS,
            when="with --identity: ",
            why="; the symbolic identities grow fast",
        )
        add_limit(
            parser,
            cost.MAX_ELEMENTS,
            IDENTITY_MAX_ELEMENTS,
            "with --identity: refuse more entries in the input, kernel and output",
        )
        add_limit(
            parser,
            cost.MAX_TERMS,
            cost.MAX_TERMS.default,
            "refuse a claim or assumption of more terms, expanded",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help="time z3 may take per claim before answering unknown "
            f"(default {DEFAULT_TIMEOUT:g})",
        )
        parser.set_defaults(_spec_defaults=_spec_defaults())

    def run(self, args: argparse.Namespace) -> int:
        """Prove, refute, or list; print the answer and return its exit code."""
        _check_usage(args)
        if args.list:
            write_output(_listing(args.format), None)
            return 0
        return super().run(args)

    def result(self, args: argparse.Namespace) -> Any:
        """The identity's, the theorem's or the claim's proof."""
        if args.identity is not None:
            return prove_identity(
                args.identity,
                **spec_kwargs(args),
                max_nonzeros=args.max_nonzeros,
                max_elements=args.max_elements,
            )
        claim = args.claim
        if claim in THEOREMS:
            return prove_theorem(claim, timeout=args.timeout)
        if re.fullmatch(r"[A-Za-z][\w-]*", claim.strip()):
            raise SpecError(
                f"theorem: got {clip(claim.strip(), 40)}; {_valid_names(claim.strip())} (or "
                "write a claim such as 'conv_out(i, k) == i - k + 1')"
            )
        return prove(claim, args.assume, timeout=args.timeout, max_terms=args.max_terms)

    def exit_code(self, result: Any) -> int:
        """0 proved, 1 disproved, 3 unknown (or a claim checked on a box only).

        A theorem whose parts all get their expected answers, some checked on a box,
        exits 0: it is what the theorem states.
        """
        if isinstance(result, TheoremResult) and result.status == "checked":
            return 0
        return EXIT_CODES[result.status]


def _valid_names(name: str) -> str:
    """The valid theorem names for a message: all of them, unless the word given is too
    long to be a name (then the close ones, and where the list is)."""
    if len(name) <= 40:
        return f"valid names are {', '.join(THEOREMS)}"
    close = difflib.get_close_matches(name, list(THEOREMS), n=3)
    near = f"did you mean {', '.join(close)}? " if close else ""
    return f"{near}the valid names are listed by symtconv prove --list"


def _check_usage(args: argparse.Namespace) -> None:
    if args.identity is None:
        if args.max_nonzeros != IDENTITY_MAX_NONZEROS:
            raise SpecError("--max-nonzeros: only used with --identity NAME")
        if args.max_elements != IDENTITY_MAX_ELEMENTS:
            raise SpecError("--max-elements: only used with --identity NAME")
        given = [
            d for d, default in args._spec_defaults.items() if getattr(args, d, default) != default
        ]
        if given:
            option = "--" + given[0].replace("_", "-")
            raise SpecError(f"{option}: only used with --identity NAME")
    modes = [bool(args.list), args.identity is not None, args.claim is not None]
    if sum(modes) != 1:
        raise SpecError(
            "prove: give exactly one of a CLAIM (or theorem NAME), --list, or --identity NAME"
        )
    if args.assume and args.claim in THEOREMS:
        raise SpecError(f"--assume: not used with the built-in theorem {args.claim!r}")
    if args.assume and args.claim is None:
        raise SpecError("--assume: only used with a CLAIM")
    if not 0 < args.timeout <= 3600:
        raise SpecError(f"--timeout: got {args.timeout:g}; must be in (0, 3600] seconds")


def _listing(fmt: str) -> str:
    if fmt == "json":
        data = {
            "theorems": [
                {"name": t.name, "title": t.title, "parts": len(t.parts), "source": t.source}
                for t in THEOREMS.values()
            ],
            "identities": [{"name": i.name, "statement": i.statement} for i in IDENTITIES.values()],
        }
        return dumps(data)
    width = max(len(name) for name in THEOREMS)
    lines = ["built-in theorems (symtconv prove NAME):"]
    lines += [f"  {t.name:<{width}}  {t.title}" for t in THEOREMS.values()]
    lines.append("")
    lines.append("value-level identities (symtconv prove --identity NAME [spec options]):")
    lines += [f"  {i.name:<{width}}  {i.statement}" for i in IDENTITIES.values()]
    return "\n".join(lines)
