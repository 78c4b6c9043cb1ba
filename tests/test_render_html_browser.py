"""The HTML explorer in a real browser: headless Chromium driven by selenium.

Pages are opened from files.  Which cells light up for an output entry is compared
with the entry's terms in the derivation's JSON and with the terms computed here
from the scatter definition (input q and tap t reach output q*s - p + t*d); the
overlap counts with tests/oracles/phases.py.  Every page must log no console
message and make no network request.  Skips without selenium, chromium or
chromedriver (a failure under SYMTCONV_REQUIRE_ALL=1).
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy
from oracles.phases import count_map

from symtconv import derive
from symtconv.gallery import gallery_files

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
DRIVER = shutil.which("chromedriver")

#: A strided, padded, dilated case with output padding (numbers, so values show).
STRIDED = {
    "input": [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
    "kernel": [[1, 0, -1], [2, 1, 0], [0, -1, 1]],
    "stride": 2,
    "padding": 1,
    "dilation": 2,
    "output_padding": 1,
}


#: More cases whose every output entry is checked: 3-D symbolic (slices), and 1-D with
#: stride 3, padding 2 and dilation 2 (output 7).
OTHERS: dict[str, dict[str, Any]] = {
    "three-d": {"input_shape": (2, 2, 2), "kernel_shape": (2, 2, 2)},
    "one-d": {
        "input": [1, -2, 3],
        "kernel": [2, 0, 1],
        "stride": 3,
        "padding": 2,
        "dilation": 2,
    },
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed")
    if CHROMIUM is None or DRIVER is None:
        pytest.skip("chromium or chromedriver not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="symtconv-chromium-")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1300,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(browser: Any, path: Path) -> None:
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(path.resolve().as_uri())


def _requests(browser: Any, uri: str) -> list[str]:
    """The requests made by the document at ``uri`` (not the browser's own)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            if message["params"].get("documentURL") == uri:
                urls.append(message["params"]["request"]["url"])
    return urls


def _quiet(browser: Any, page: Path) -> None:
    """No console message, and no request but the page's own file."""
    assert browser.get_log("browser") == []
    uri = page.resolve().as_uri()
    assert _requests(browser, uri) == [uri]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for name, kwargs in (("seed", {}), ("strided", STRIDED), *OTHERS.items()):
        d = derive(**kwargs)
        path = folder / f"{name}.html"
        path.write_text(d.to_html(), encoding="utf-8")
        out[name] = (path, d)
    return out


_HIGHLIGHTED = """
const pairs = [];
for (const cls of ["hl", "hz"]) {
  const byTerm = {};
  // the input (x, or padded x of a forward page) and kernel grids, not C or the view
  const grids = "[data-grid=x], [data-grid=padded], [data-grid=w]";
  for (const c of document.querySelectorAll(`td.${cls}`)) {
    if (!c.closest(grids)) continue;
    const slot = byTerm[c.dataset.term] = byTerm[c.dataset.term] || {};
    slot["x" in c.dataset ? "x" : "w"] = c.dataset.name;
  }
  pairs.push(Object.values(byTerm).map((s) => [s.x, s.w]));
}
return pairs;
"""


def _focus(browser: Any, name: str) -> Any:
    from selenium.webdriver.common.by import By

    cell = browser.find_element(By.CSS_SELECTOR, f'td[data-y][data-name="{name}"]')
    browser.execute_script("arguments[0].focus()", cell)
    return cell


def _readout(browser: Any) -> str:
    return str(browser.execute_script("return document.querySelector('.readout').textContent"))


def test_seed_y11(browser, pages):
    path, _ = pages["seed"]
    _open(browser, path)
    _focus(browser, "y_{1,1}")
    live, zero = browser.execute_script(_HIGHLIGHTED)
    assert sorted(map(tuple, live)) == [("x_{0,0}", "w_{1,1}"), ("x_{1,1}", "w_{0,0}")]
    assert sorted(map(tuple, zero)) == [("x_{0,1}", "w_{1,0}"), ("x_{1,0}", "w_{0,1}")]
    text = _readout(browser)
    assert "1\u00b7(\u22121)+4\u00b71=3" in text.replace(" ", "")
    assert "Zero-weight taps" in text
    columns = browser.execute_script(
        "return [...document.querySelectorAll('[data-grid=m] td.col')].map((c) => c.dataset.mc)"
    )
    assert columns == ["4"] * 4  # column 4 of C (y_{1,1}), its 4 rows
    _quiet(browser, path)


def _scatter_terms(spec: Any) -> dict[tuple[int, ...], set[tuple[str, str]]]:
    """Output index -> its (x name, w name) pairs, from the scatter definition."""
    terms: dict[tuple[int, ...], set[tuple[str, str]]] = {}
    size, kernel = spec.input_size, spec.kernel_size
    for q in itertools.product(*map(range, size)):
        for t in itertools.product(*map(range, kernel)):
            o = tuple(
                qq * s - lo + tt * d
                for qq, tt, s, (lo, _), d in zip(q, t, spec.stride, spec.padding, spec.dilation)
            )
            if all(0 <= oo < n for oo, n in zip(o, spec.output_size)):
                x = "x_{" + ",".join(map(str, q)) + "}"
                w = "w_{" + ",".join(map(str, t)) + "}"
                terms.setdefault(o, set()).add((x, w))
    return terms


@pytest.mark.parametrize("case", ["seed", "strided", *OTHERS])
def test_every_output_lights_exactly_its_terms(browser, pages, case):
    path, d = pages[case]
    _open(browser, path)
    scatter = _scatter_terms(d.spec)
    entries = json.loads(d.to_json())["entries"]
    kernel = d.w.reshape(d.spec.kernel_size)
    assert len(entries) == len(list(itertools.product(*map(range, d.spec.output_size))))
    for entry in entries:
        expected = {tuple(p) for p in entry["terms"]}
        assert expected == scatter.get(tuple(entry["index"]), set()), entry["name"]
        _focus(browser, entry["name"])
        live, zero = browser.execute_script(_HIGHLIGHTED)
        found = {tuple(p) for p in live + zero}
        assert len(live) + len(zero) == len(found) == len(expected), entry["name"]
        assert found == expected, entry["name"]
        zeros = {p for p in expected if kernel[tuple(map(int, re.findall(r"\d+", p[1])))] == 0}
        assert {tuple(p) for p in zero} == zeros, entry["name"]
    _quiet(browser, path)


def test_the_count_layer_is_the_overlap_count_map(browser, pages):
    from selenium.webdriver.common.by import By

    path, d = pages["strided"]
    _open(browser, path)
    spec = d.spec
    box = browser.find_element(By.CSS_SELECTOR, "input[name=counts]")
    assert not browser.find_element(By.CSS_SELECTOR, "td[data-name='y_{0,0}'] .k").is_displayed()
    box.click()
    counts = count_map(
        spec.input_size,
        spec.kernel_size,
        spec.stride,
        spec.padding,
        spec.dilation,
        spec.output_padding,
    )
    for index in itertools.product(*map(range, spec.output_size)):
        name = "y_{" + ",".join(map(str, index)) + "}"
        badge = browser.find_element(By.CSS_SELECTOR, f"td[data-name='{name}'] .k")
        assert badge.is_displayed() and badge.text == str(counts[index]), name
    _quiet(browser, path)


def test_clicking_an_input_places_its_kernel_copy(browser, pages):
    from selenium.webdriver.common.by import By

    path, d = pages["strided"]
    _open(browser, path)
    browser.find_element(By.CSS_SELECTOR, '[data-grid=x] td[data-name="x_{0,0}"]').click()
    placed = browser.execute_script(
        "return [...document.querySelectorAll('[data-grid=canvas] td.got')]"
        ".map((c) => [c.classList.contains('margin'), c.querySelector('.prod').textContent])"
    )
    # x_{0,0} = 1 times the 9 taps, at rows and columns -1, 1, 3 of the output (stride 2,
    # padding 1, dilation 2): row or column -1 is cropped, the other 4 reach the output
    assert len(placed) == 9
    assert sorted(text for margin, text in placed if not margin) == sorted(
        ["1", "\u22121", "0", "1"]
    )
    assert sum(margin for margin, _ in placed) == 5
    assert "offset (\u22121, \u22121): 4 of its 9 products reach the output" in _readout(browser)
    # a second click removes it
    browser.find_element(By.CSS_SELECTOR, '[data-grid=x] td[data-name="x_{0,0}"]').click()
    assert browser.execute_script("return document.querySelectorAll('td.got').length") == 0
    _quiet(browser, path)


def test_the_zero_insertion_view(browser, pages):
    from selenium.webdriver.common.by import By

    path, d = pages["strided"]
    _open(browser, path)
    stretched = browser.find_element(By.CSS_SELECTOR, "[data-grid=z]")
    assert not stretched.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "input[name=view][value=zero]").click()
    assert stretched.is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "[data-grid=x]").is_displayed()
    _focus(browser, "y_{3,3}")
    lit = browser.execute_script(
        "return [...document.querySelectorAll('[data-grid=z] td.hl, [data-grid=z] td.hz')]"
        ".map((c) => c.dataset.name).sort()"
    )
    expected = sorted(x for x, _ in _scatter_terms(d.spec)[(3, 3)])
    assert len(lit) == 9 and lit == expected
    frames = stretched.find_elements(By.CSS_SELECTOR, ".frame.window")
    assert len(frames) == 1 and frames[0].is_displayed()
    assert "window over x\u0303 starts at (3, 3)" in _readout(browser)
    _quiet(browser, path)


def test_hovering_an_output_entry(browser, pages):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    path, _ = pages["seed"]
    _open(browser, path)
    cell = browser.find_element(By.CSS_SELECTOR, 'td[data-y][data-name="y_{0,1}"]')
    ActionChains(browser).move_to_element(cell).perform()
    live, zero = browser.execute_script(_HIGHLIGHTED)
    # y_{0,1} = x_{0,0} w_{0,1} + x_{0,1} w_{0,0}; w_{0,1} = 0
    assert [tuple(p) for p in live] == [("x_{0,1}", "w_{0,0}")]
    assert [tuple(p) for p in zero] == [("x_{0,0}", "w_{0,1}")]
    assert "=2\u00b71=2" in _readout(browser).replace(" ", "")
    _quiet(browser, path)


def test_keyboard(browser, pages):
    from selenium.webdriver.common.keys import Keys

    path, _ = pages["seed"]
    _open(browser, path)
    _focus(browser, "y_{0,0}")
    active = browser.switch_to.active_element
    active.send_keys(Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element.get_attribute("data-name") == "y_{0,1}"
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    now = browser.switch_to.active_element
    assert now.get_attribute("data-name") == "y_{1,1}"
    assert now.get_attribute("tabindex") == "0" and now.get_attribute("role") == "gridcell"
    live, _ = browser.execute_script(_HIGHLIGHTED)
    assert len(live) == 2
    now.send_keys(Keys.ESCAPE)
    assert browser.execute_script("return document.querySelectorAll('td.hl').length") == 0
    # one tab stop per grid: the grids' other cells are tabindex -1
    stops = browser.execute_script(
        "return [...document.querySelectorAll('table[role=grid]')]"
        ".map((t) => t.querySelectorAll('[tabindex=\"0\"]').length)"
    )
    assert stops and set(stops) == {1}
    _quiet(browser, path)


def test_a_sum_that_needs_elided_entries(browser, tmp_path):
    # forward, 1-D: x_{0..11}, w_{0..4}, y_{0..7}; threshold 4 shows x_0, x_1, x_10, x_11
    # and y_0 = x_0 w_0 + ... + x_4 w_4
    d = derive(input_shape=(12,), kernel_shape=(5,), forward=True)
    path = tmp_path / "elided.html"
    path.write_text(d.to_html(threshold=4, edgeitems=2), encoding="utf-8")
    _open(browser, path)
    _focus(browser, "y_{0}")
    live, _ = browser.execute_script(_HIGHLIGHTED)
    # the kernel's 5 taps are elided to w_0, w_1, w_3, w_4 as well
    assert sorted(tuple(p) for p in live if None not in p) == [
        ("x_{0}", "w_{0}"),
        ("x_{1}", "w_{1}"),
    ]
    assert sorted(p[1] for p in live if p[0] is None) == ["w_{3}", "w_{4}"]
    text = _readout(browser)
    for t in range(5):
        assert f"x{t}w{t}" in text.replace(" ", "")  # the whole sum, from the hidden pool
    assert "3 of its products involve entries not shown in the grids" in text
    _quiet(browser, path)


def test_a_hostile_name_stays_text(browser, tmp_path, monkeypatch):
    from selenium.webdriver.common.by import By

    from symtconv.core import operands

    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    # refused where names enter; here as if one had slipped past that check
    monkeypatch.setattr(operands, "check_name", lambda name, what: name)
    d = derive(input=[[sympy.Symbol(hostile), 2], [3, 4]], kernel=[[1, 0], [0, -1]])
    path = tmp_path / "hostile.html"
    path.write_text(d.to_html(), encoding="utf-8")
    _open(browser, path)
    _focus(browser, "y_{0,0}")
    browser.find_element(By.CSS_SELECTOR, '[data-grid=x] td[data-name="x_{0,0}"]').click()
    assert browser.execute_script("return window.pwned === undefined") is True
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert browser.execute_script("return document.scripts.length") == 1
    cell = browser.find_element(By.CSS_SELECTOR, '[data-grid=x] td[data-name="x_{0,0}"]')
    assert hostile in cell.get_attribute("aria-label")
    _quiet(browser, path)


def test_print_hides_the_controls(browser, pages):
    from selenium.webdriver.common.by import By

    path, _ = pages["seed"]
    _open(browser, path)
    controls = browser.find_element(By.CSS_SELECTOR, ".controls")
    assert controls.is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not controls.is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "[data-grid=canvas]").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gallery")
    for name, text in gallery_files().items():
        if name.endswith(".html"):
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_gallery_index_opens_every_page(browser, gallery):
    from selenium.webdriver.common.by import By

    index = gallery / "index.html"
    _open(browser, index)
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a")]
    pages = sorted(p.name for p in gallery.glob("*.html") if p.name != "index.html")
    assert sorted(Path(link.split("#")[0]).name for link in links) == pages
    _quiet(browser, index)
    for link in links:
        page = gallery / Path(link).name
        _open(browser, page)
        assert browser.find_elements(By.CSS_SELECTOR, "section.explorer td[data-y]")
        assert browser.title
        _quiet(browser, page)
