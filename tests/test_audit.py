"""``symtconv audit``: models exported from PyTorch and hand-built nodes, checked against the
runtimes themselves where they are installed, and every kind of bad input.

The oracles: PyTorch's own output (sizes and the layer's parameters), and
onnxruntime, OpenVINO's ONNX frontend and onnx.reference run on the same node.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from symtconv.cli import main
from symtconv.errors import ParseError, SpecError, TooLargeError
from symtconv.frameworks.audit import audit

onnx = pytest.importorskip("onnx")
helper, TensorProto = onnx.helper, onnx.TensorProto


def save(path, nodes, initializers, x_shape, elem=TensorProto.FLOAT, opset=17):
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", elem, x_shape)],
        [helper.make_tensor_value_info(nodes[-1].output[0], elem, None)],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, str(path))
    return str(path)


def weight(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor(name, elem, shape, [1.0] * int(np.prod(shape)))


def one_node(tmp_path, attrs, x_shape=(1, 1, 3, 3), w_shape=(1, 1, 3, 3), name="m.onnx"):
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="up", **attrs)
    return save(tmp_path / name, [node], [weight("w", list(w_shape))], list(x_shape))


# ----- models exported from PyTorch ---------------------------------------------------

LAYERS = [
    (4, 6, 3, {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2, "dilation": 2}),
    (1, 2, 4, {"stride": 2, "padding": 1}),
    (2, 2, 3, {"stride": 3, "padding": 0, "output_padding": 2, "groups": 2}),
    (1, 1, 2, {"stride": 1, "padding": 0, "dilation": 3, "output_padding": 2}),
]


def export(tmp_path, layer, x, dynamo):
    torch = pytest.importorskip("torch")
    path = tmp_path / f"export-{dynamo}.onnx"
    with warnings.catch_warnings():  # the legacy exporter's DeprecationWarning
        warnings.simplefilter("ignore")
        torch.onnx.export(layer, (x,), str(path), dynamo=dynamo, opset_version=18)
    return str(path)


@pytest.mark.parametrize("cin, cout, k, options", LAYERS)
def test_legacy_export_reads_as_the_layer(tmp_path, cin, cout, k, options):
    torch = pytest.importorskip("torch")
    layer = torch.nn.ConvTranspose2d(cin, cout, k, **options)
    x = torch.zeros(1, cin, 5, 4)
    report = audit(export(tmp_path, layer, x, dynamo=False))
    (node,) = report.nodes
    c = node.reading.canonical
    p, op = options.get("padding", 0), options.get("output_padding", 0)
    assert c.pads == ((p, p), (p, p)) and c.output_padding == (op, op)
    assert c.groups == options.get("groups", 1) and c.dilation == (options.get("dilation", 1),) * 2
    assert tuple(layer(x).shape[2:]) == c.output_size  # PyTorch's own output
    inference = next(v for v in node.runtimes if v.runtime == "ONNX shape inference")
    assert inference.same and inference.output_size == c.output_size
    assert node.equivalents["torch"].exact


def test_dynamo_export_reads_the_same(tmp_path):
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnxscript")  # torch 2.13's default exporter needs it
    layer = torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)
    x = torch.zeros(1, 4, 5, 5)
    legacy = audit(export(tmp_path, layer, x, dynamo=False)).nodes[0].reading.canonical
    dynamo = audit(export(tmp_path, layer, x, dynamo=True)).nodes[0]
    assert dynamo.reading.canonical == legacy
    assert dynamo.facts.attrs.get("auto_pad") in (None, "NOTSET")


def test_grouped_export_and_onnx_reference(tmp_path):
    torch = pytest.importorskip("torch")
    layer = torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)
    report = audit(export(tmp_path, layer, torch.zeros(1, 4, 5, 5), dynamo=False), run=True)
    (node,) = report.nodes
    reference = next(v for v in node.runtimes if v.runtime == "onnx.reference")
    assert reference.error is not None and not reference.same
    assert node.runs["onnx.reference"].startswith("error: ValueError")  # it really raises
    assert report.disagree


# ----- hand-built nodes, checked against the runtimes --------------------------------------

NODES = [
    {"strides": [4, 4], "auto_pad": "SAME_UPPER"},  # a stride above the kernel: total -1
    {"strides": [2, 2], "auto_pad": "SAME_LOWER", "output_padding": [1, 1]},
    {"strides": [2, 2], "output_shape": [6, 6], "auto_pad": "SAME_UPPER"},  # odd total 1
    {"strides": [2, 2], "output_shape": [6, 6]},  # NOTSET, odd total
    {"strides": [2, 2], "output_shape": [8, 8], "auto_pad": "SAME_UPPER"},  # total -1
    {"strides": [2, 2], "output_shape": [9, 9]},  # beyond what onnxruntime accepts
    {"strides": [2, 2], "pads": [1, 0, 1, 0], "output_padding": [1, 1]},
    {"strides": [2, 2], "auto_pad": "VALID", "output_padding": [1, 1]},
]


def _frontends(path):
    """(runtime name, a function running the model on x and w) for each installed runtime."""
    out = []
    try:
        import onnxruntime as ort  # optional: the predictions are checked where it is installed

        def run_ort(x):
            session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            return session.run(None, {"x": x})[0]

        out.append(("onnxruntime", run_ort))
    except ImportError:
        pass
    try:
        import openvino as ov  # optional, as above

        def run_ov(x):
            return ov.Core().compile_model(ov.Core().read_model(path), "CPU")([x])[0]

        out.append(("OpenVINO (ONNX frontend)", run_ov))
    except ImportError:
        pass
    return out


@pytest.mark.parametrize("attrs", NODES, ids=lambda a: ",".join(f"{k}" for k in a))
def test_predictions_match_the_installed_runtimes(tmp_path, attrs):
    path = one_node(tmp_path, attrs)
    (node,) = audit(path).nodes
    views = {v.runtime: v for v in node.runtimes}
    frontends = _frontends(path)
    if not frontends:
        pytest.skip("neither onnxruntime nor openvino is installed")
    x = np.arange(1, 10, dtype=np.float32).reshape(1, 1, 3, 3)
    for name, run in frontends:
        view = views[name]
        try:
            y = run(x)
        except Exception:  # the runtime refused it: the prediction must say so
            assert view.error is not None, (name, attrs)
            continue
        assert view.error is None and tuple(y.shape[2:]) == view.output_size, (name, attrs)


def test_same_with_a_large_stride(tmp_path):
    (node,) = audit(one_node(tmp_path, NODES[0])).nodes
    views = {v.runtime: v for v in node.runtimes}
    assert node.reading.canonical.output_size == (12, 12)  # the text: i*s
    for name in ("onnxruntime", "OpenVINO (ONNX frontend)", "TensorRT", "ONNX shape inference"):
        assert views[name].output_size == (11, 11) and not views[name].same, name
    assert views["onnx.reference"].same


def test_notset_output_shape_is_split_the_other_way_by_tensorrt(tmp_path):
    (node,) = audit(one_node(tmp_path, NODES[3])).nodes
    trt = next(v for v in node.runtimes if v.runtime == "TensorRT")
    assert trt.output_size == (6, 6) and not trt.same and "at the end" in trt.reasons[0]


def test_subgraphs_and_symbolic_sizes(tmp_path):
    inner = helper.make_graph(
        [helper.make_node("ConvTranspose", ["x", "w"], ["t"], strides=[2, 2], name="inside")],
        "then",
        [],
        [helper.make_tensor_value_info("t", TensorProto.FLOAT, None)],
    )
    other = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["e"])],
        "else",
        [],
        [helper.make_tensor_value_info("e", TensorProto.FLOAT, None)],
    )
    cond = helper.make_tensor("cond", TensorProto.BOOL, [], [True])
    node = helper.make_node("If", ["cond"], ["y"], then_branch=inner, else_branch=other, name="if")
    path = save(tmp_path / "if.onnx", [node], [weight("w", [1, 1, 3, 3]), cond], ["N", 1, "H", "W"])
    (found,) = audit(path).nodes
    assert found.facts.graph == "main/if.then_branch" and found.reading is None
    assert "--input-shape" in found.problem
    (read,) = audit(path, {"x": [2, 1, 3, 3]}).nodes
    assert read.reading.canonical.output_size == (7, 7)


def test_external_data_is_not_read(tmp_path):
    w = weight("w", [1, 1, 3, 3])
    w.ClearField("float_data")
    w.data_location = TensorProto.EXTERNAL
    w.external_data.add(key="location", value="../../no/such/file")
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2])
    (found,) = audit(save(tmp_path / "ext.onnx", [node], [w], [1, 1, 3, 3])).nodes
    assert found.reading.canonical.output_size == (7, 7)


# ----- the command line, and bad input --------------------------------------------------


def test_cli_text_and_exit_codes(tmp_path, capsys):
    path = one_node(tmp_path, {"strides": [2, 2], "pads": [1, 1, 1, 1]})
    assert main(["audit", path]) == 0
    out = capsys.readouterr().out
    assert out.startswith("audit of m.onnx: IR version")
    assert "ONNX shape inference: 5x5, same" in out and "summary: 0 of 1 node(s)" in out
    assert main(["audit", one_node(tmp_path, NODES[0], name="n.onnx")]) == 1
    assert "onnxruntime: 11x11, DIFFERENT" in capsys.readouterr().out


def test_cli_json(tmp_path, capsys):
    path = one_node(tmp_path, {"strides": [2, 2], "output_shape": [6, 6]})
    assert main(["audit", path, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    (node,) = data["nodes"]
    assert node["canonical"]["pads"] == [[1, 0], [1, 0]] and data["disagree"] is True
    assert {r["runtime"] for r in node["runtimes"]} >= {"onnx.reference", "TensorRT"}
    assert set(node["equivalents"]) == {"torch", "keras", "paddle"}


def test_cli_input_shape(tmp_path, capsys):
    path = one_node(tmp_path, {"strides": [2, 2]}, x_shape=("N", 1, "H", "W"))
    assert main(["audit", path, "--input-shape", "1x1x4x4"]) == 0
    assert "-> output [1, 1, 9, 9]" in capsys.readouterr().out
    assert main(["audit", path, "--input-shape", "x=1x1x4x4"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["no-such.onnx"], "MODEL: cannot read 'no-such.onnx'"),
        (["{dir}"], "is not a file"),
        (["{text}"], "is not an ONNX model"),
        (["{model}", "--max-bytes", "10"], "the limit is 10 (--max-bytes)"),
        (["{model}", "--input-shape", "y=1x1x3x3"], "the model has no input 'y'"),
        (["{model}", "--input-shape", "1x3x3"], "has rank 4"),
        (["{model}", "--input-shape", "1x1x0x3"], "every size must be an integer >= 1"),
    ],
)
def test_cli_bad_input(tmp_path, capsys, argv, message):
    text = tmp_path / "notes.onnx"
    text.write_text("this is not a model\n")
    model = one_node(tmp_path, {"strides": [2, 2]})
    args = [a.format(dir=tmp_path, text=text, model=model) for a in argv]
    assert main(["audit", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_errors_are_the_library_errors(tmp_path):
    with pytest.raises(SpecError):
        audit(str(tmp_path / "missing.onnx"))
    (tmp_path / "bad.onnx").write_bytes(b"\x0a\xff\xff\xff")
    with pytest.raises(ParseError):
        audit(str(tmp_path / "bad.onnx"))
    with pytest.raises(TooLargeError):
        audit(one_node(tmp_path, {}), max_bytes=1)


def test_control_characters_are_not_printed(tmp_path, capsys):
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="up\x1b[2J\x07")
    path = save(tmp_path / "ctl.onnx", [node], [weight("w", [1, 1, 3, 3])], [1, 1, 3, 3])
    main(["audit", path])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "#0 up?[2J?" in out


# ----- the README's example -------------------------------------------------------------


def readme_model(path):
    """The README's upsample.onnx: a grouped layer as PyTorch exports one, then SAME, stride 4."""
    nodes = [
        helper.make_node(
            "ConvTranspose",
            ["x", "w1", "b1"],
            ["h"],
            name="up1",
            strides=[2, 2],
            pads=[1, 1, 1, 1],
            output_padding=[1, 1],
            group=2,
        ),
        helper.make_node(
            "ConvTranspose", ["h", "w2"], ["y"], name="up2", strides=[4, 4], auto_pad="SAME_UPPER"
        ),
    ]
    initializers = [weight("w1", [4, 1, 3, 3]), weight("b1", [2]), weight("w2", [2, 1, 3, 3])]
    graph = helper.make_graph(
        nodes,
        "upsample",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 5, 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17)],
        ir_version=8,
        producer_name="symtconv-readme",
    )
    onnx.save(model, str(path))


def test_readme_example(tmp_path, capsys, monkeypatch):
    from pathlib import Path  # only here: the README

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\n$ symtconv audit upsample.onnx\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    readme_model(tmp_path / "upsample.onnx")
    assert main(["audit", "upsample.onnx"]) == 1
    assert capsys.readouterr().out == block
