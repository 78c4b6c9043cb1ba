"""``symtconv convert`` and ``--framework`` in the spec options (derive, verify, shape)."""

from __future__ import annotations

import json

import pytest

from symtconv.cli import main
from symtconv.frameworks import FRAMEWORKS

ACCEPTANCE = [
    "convert",
    "--from",
    "tensorflow",
    "--input-size",
    "5",
    "--kernel-size",
    "3",
    "--stride",
    "2",
    "--tf-padding",
    "SAME",
    "--output-size",
    "10",
]


def test_convert_acceptance_example_text(capsys):
    assert main(ACCEPTANCE) == 0
    out = capsys.readouterr().out
    assert "pads (lo, hi) (0, 1), output_padding 0" in out
    assert "PyTorch ConvTranspose: not exactly expressible; exact workaround" in out
    assert "y = y[..., 0:10]" in out
    assert "pads=[0, 1]" in out and "auto_pad='SAME_UPPER'" in out
    assert "padding='same'" in out and "padding='SAME'" in out
    assert "11 of 11 give exactly the canonical output" in out  # TensorRT and TF.js: no 1-D


def test_convert_acceptance_example_json(capsys):
    assert main([*ACCEPTANCE, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    canonical = data["canonical"]
    assert canonical["pads"] == [[0, 1]]
    assert canonical["output_padding"] == [0]
    assert canonical["output_size"] == [10]
    assert set(data["frameworks"]) == set(FRAMEWORKS)
    assert data["frameworks"]["torch"]["status"] == "workaround"
    assert data["frameworks"]["torch"]["adjust"] == [[0, 1]]
    assert data["frameworks"]["onnx"]["params"]["pads"] == [0, 1]
    assert all(data["checks"].values())


@pytest.mark.parametrize(
    "argv, expect",
    [
        (
            [
                "--from",
                "onnx",
                "--input-size",
                "4,4",
                "--kernel-size",
                "3",
                "--stride",
                "2",
                "--auto-pad",
                "SAME_LOWER",
            ],
            "pads (lo, hi) (1, 0), (1, 0)",
        ),
        (
            [
                "--from",
                "keras",
                "--input-size",
                "5",
                "--kernel-size",
                "3",
                "--strides",
                "2",
                "--keras-padding",
                "same",
                "--output-padding",
                "1",
            ],
            "pads (lo, hi) (0, 1)",
        ),
        (
            [
                "--from",
                "jax",
                "--input-size",
                "5",
                "--kernel-size",
                "3",
                "--stride",
                "2",
                "--jax-padding",
                "2:1",
            ],
            "pads (lo, hi) (0, 1)",
        ),
        (
            [
                "--from",
                "pytorch",
                "--input-size",
                "5",
                "--kernel-size",
                "3",
                "--stride",
                "2",
                "--padding",
                "1",
                "--output-size",
                "10",
            ],
            "pads (lo, hi) (1, 1), output_padding 1",
        ),
    ],
)
def test_convert_from_each_framework(argv, expect, capsys):
    assert main(["convert", *argv]) == 0
    assert expect in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["--from", "theano", "--input-size", "5", "--kernel-size", "3"],
            "valid frameworks: torch",
        ),
        (
            ["--from", "tf", "--input-size", "5", "--kernel-size", "3", "--pads", "1"],
            "--pads: not an option of tensorflow",
        ),
        (
            [
                "--from",
                "tf",
                "--input-size",
                "5",
                "--kernel-size",
                "3",
                "--stride",
                "2",
                "--output-size",
                "12",
            ],
            "9 to 10",
        ),
        (
            ["--from", "onnx", "--input-size", "5", "--kernel-size", "3", "--auto-pad", "SAME"],
            "--auto-pad: got 'SAME'",
        ),
        (
            ["--from", "torch", "--input-size", "5", "--kernel-size", "3", "--output-padding", "1"],
            "smaller than either stride",
        ),
    ],
)
def test_convert_bad_input(argv, message, capsys):
    assert main(["convert", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def derive_json(argv, capsys):
    assert main(["derive", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_derive_in_tensorflow_terms(capsys):
    tf = derive_json(
        [
            "--framework",
            "tensorflow",
            "--input",
            "[1,2,3]",
            "--kernel",
            "[1,2,3]",
            "--stride",
            "2",
            "--tf-padding",
            "SAME",
            "--output-shape",
            "6",
        ],
        capsys,
    )
    torch = derive_json(
        ["--input", "[1,2,3]", "--kernel", "[1,2,3]", "--stride", "2", "--padding", "0:1"], capsys
    )
    assert tf == torch


def test_derive_in_jax_terms_flips_the_kernel(capsys):
    jax = derive_json(
        [
            "--framework",
            "jax",
            "--input",
            "[1,2,3]",
            "--kernel",
            "[1,2,3]",
            "--stride",
            "2",
            "--jax-padding",
            "VALID",
        ],
        capsys,
    )
    torch = derive_json(
        ["--input", "[1,2,3]", "--kernel", "[3,2,1]", "--stride", "2", "--output-padding", "0"],
        capsys,
    )
    assert jax["output"] == torch["output"]


def test_verify_in_onnx_terms(capsys):
    assert (
        main(
            [
                "verify",
                "--framework",
                "onnx",
                "--input-shape",
                "4x4",
                "--kernel-shape",
                "3x3",
                "--stride",
                "2",
                "--auto-pad",
                "SAME_UPPER",
            ]
        )
        == 0
    )
    assert "padding 0:1,0:1" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["derive", "--input-shape", "3", "--kernel-shape", "2", "--auto-pad", "SAME_UPPER"],
            "add --framework onnx",
        ),
        (
            [
                "derive",
                "--framework",
                "onnx",
                "--input-shape",
                "3",
                "--kernel-shape",
                "2",
                "--padding",
                "1",
            ],
            "--padding: not an option of onnx",
        ),
        (
            [
                "derive",
                "--framework",
                "jax",
                "--input-shape",
                "3",
                "--kernel-shape",
                "2",
                "--jax-padding",
                "9:0",
            ],
            "no PyTorch-style spec",
        ),
        (
            ["shape", "--framework", "theano", "--input-shape", "3", "--kernel-shape", "2"],
            "valid frameworks",
        ),
    ],
)
def test_spec_options_bad_framework_input(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
