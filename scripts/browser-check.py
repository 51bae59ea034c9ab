#!/usr/bin/env python3
"""Loads rendered reports in headless Chromium, as readers see them, and fails on what they would hit.

For every report folder given (each holding an index.html) and every view (1920, 1280 and 390 CSS
px wide, light and dark colour scheme), the page is served over HTTP from a local port and checked:

- no horizontal overflow of the page itself (a wide table may scroll inside its own region);
- every <img> loaded (complete, naturalWidth > 0) and no request failed (no 404, favicon included);
- no console errors;
- every <picture> shows the source its media queries choose (the dark variant in dark mode, a
  narrow variant on the phone where the page offers one), at no less than the width it was drawn
  for (its width attribute) from a 960 px viewport up, so chart text keeps its 12 px, and at no
  less than 11/12 of it below, so it keeps 11 px;
- axe-core finds no violations (WCAG 2.x A and AA rules and best practices), using the
  axe.min.js that ships inside the PyPI wheel axe-playwright-python (only that file is used;
  pass --axe PATH to use another copy).

`report.md` is also rendered as GitHub renders it (Debian's `cmark-gfm` with GitHub's extensions
and tag filter, served beside the report so its relative links resolve) and loaded at 1280 px in
light and dark: every image loaded, the dark variant of each <picture> chosen in dark mode, no
request failed.

Then each page is laid out for print (A4, Chromium's default margins) and every table must fit its
page across: a table marked `wide` the landscape page its stylesheet asks for, any other the
portrait one, so no column is cut off. `--pdf DIR` also prints each page to DIR/<name>.pdf.

Needs Debian's chromium and chromium-driver and selenium from PyPI (`make browser-test` installs
them when missing). Exit status 0 when every check passes, 1 otherwise, 2 on a usage error.

Usage: scripts/browser-check.py [--axe axe.min.js] [--screenshots DIR] [--pdf DIR] REPORT_DIR...
"""
import argparse
import base64
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse

VIEWS = [(1920, 1080, "light"), (1920, 1080, "dark"), (1280, 900, "light"), (1280, 900, "dark"),
         (390, 844, "light"), (390, 844, "dark")]

# A4's width less Chromium's default print margins (0.4 in each side), in CSS px (96 per inch).
PRINT_WIDTHS = {"portrait": round(210 / 25.4 * 96 - 2 * 0.4 * 96), "landscape": round(297 / 25.4 * 96 - 2 * 0.4 * 96)}

PRINT_CHECKS = r"""
const [orientation, width] = arguments;
const problems = [];
for (const table of document.querySelectorAll('figure.table')) {
  if ((orientation === 'landscape') !== table.classList.contains('wide')) continue;
  const inner = table.querySelector('table');
  const right = Math.max(inner.getBoundingClientRect().right, ...[...inner.querySelectorAll('th, td')].map(c => c.getBoundingClientRect().right));
  if (right > width + 1) problems.push(`in print, ${table.id || 'a table'} is ${Math.round(right)} px wide on a ${width} px ${orientation} page`);
}
return problems;
"""

# arguments[0]: whether each picture must be shown at (nearly) the width it was drawn for.
PAGE_CHECKS = r"""
const [checkSizes] = arguments;
const problems = [];
const doc = document.documentElement;
if (doc.scrollWidth > window.innerWidth + 1) {
  problems.push(`page overflows horizontally: ${doc.scrollWidth} px content in a ${window.innerWidth} px viewport`);
}
for (const img of document.images) {
  if (!img.complete || img.naturalWidth === 0) problems.push(`image not loaded: ${img.currentSrc || img.src}`);
}
for (const picture of document.querySelectorAll('picture')) {
  const img = picture.querySelector('img');
  if (!img) { problems.push('a <picture> without an <img>'); continue; }
  let expected = null;
  for (const source of picture.querySelectorAll('source')) {
    if (!source.media || window.matchMedia(source.media).matches) { expected = source.srcset.split(',')[0].trim().split(/\s+/)[0]; break; }
  }
  if (expected === null) expected = img.getAttribute('src');
  const chosen = new URL(img.currentSrc, document.baseURI).pathname;
  const wanted = new URL(expected, document.baseURI).pathname;
  if (chosen !== wanted) problems.push(`picture shows ${chosen}, its media queries choose ${wanted}`);
  const source = [...picture.querySelectorAll('source')].find(s => !s.media || window.matchMedia(s.media).matches) || img;
  const drawn = parseFloat(source.getAttribute('width')), shown = img.getBoundingClientRect().width;
  const least = window.innerWidth >= 960 ? 0.999 : 11 / 12;
  if (checkSizes && drawn > 0 && shown < drawn * least) {
    problems.push(`${chosen} is drawn for ${drawn} px but shown at ${shown.toFixed(0)} px (${(100 * shown / drawn).toFixed(0)} %), so its text is under ${window.innerWidth >= 960 ? 12 : 11} px`);
  }
}
return problems;
"""


GITHUB_PREVIEW = "/__report.md.html"

GITHUB_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>report.md</title>
<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,"><style>
body {{ font: 16px/1.5 -apple-system, "Segoe UI", sans-serif; max-width: 980px; margin: 0 auto; padding: 32px;
        color: #1f2328; background: #fff; }}
img {{ max-width: 100%; }} table {{ border-collapse: collapse; display: block; overflow: auto; }}
td, th {{ border: 1px solid #d1d9e0; padding: 6px 13px; }}
@media (prefers-color-scheme: dark) {{ body {{ color: #f0f6fc; background: #0d1117; }} a {{ color: #4493f8; }} }}
</style></head><body><main>{}</main></body></html>"""


def github_markdown(path):
    """`path` as GitHub shows a Markdown file: cmark-gfm with its extensions and the tag filter, in a page."""
    html = subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tasklist",
                           "-e", "tagfilter", path], check=True, capture_output=True).stdout.decode("utf-8")
    return GITHUB_PAGE.format(html).encode("utf-8")


def serve(root):
    """An HTTP server for `root` on a free loopback port, in a daemon thread; records failed requests.
    GITHUB_PREVIEW serves the folder's report.md as GitHub would show it."""
    failures = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_GET(self):
            if self.path != GITHUB_PREVIEW:
                return super().do_GET()
            body = github_markdown(os.path.join(root, "report.md"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def send_error(self, code, message=None, explain=None):
            failures.append(f"{code} for {urllib.parse.unquote(self.path)}")
            super().send_error(code, message, explain)

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):  # the browser dropped a request it no longer needs
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, failures


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--force-device-scale-factor=1"]:
        options.add_argument(flag)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
    driver.set_script_timeout(120)
    return driver


def check_view(driver, url, width, height, scheme, axe_source, screenshot):
    """The problems one page shows at one width and colour scheme."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(url)
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "[...document.images].forEach(i => i.loading = 'eager');"  # lazy images below the fold load too
        "Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })))"
        ".then(() => done());")
    problems = list(driver.execute_script(PAGE_CHECKS, True))
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            problems.append(f"console error: {entry.get('message')}")
    if axe_source:
        driver.execute_script(axe_source)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));")
        for violation in json.loads(result):
            targets = ", ".join(" ".join(node.get("target", [])) for node in violation.get("nodes", [])[:3])
            problems.append(f"axe {violation['id']} ({violation.get('impact')}): {violation.get('help')} [{targets}]")
    if screenshot:
        driver.save_screenshot(screenshot)
    return problems


def check_markdown(driver, url, scheme, screenshot):
    """The problems report.md shows as GitHub renders it, at 1280 px in one colour scheme."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(url)
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "[...document.images].forEach(i => i.loading = 'eager');"
        "Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })))"
        ".then(() => done());")
    problems = list(driver.execute_script(PAGE_CHECKS, False))  # GitHub, not gradscope, sizes report.md's images
    if scheme == "dark":
        problems += [f"report.md shows {src} in dark mode" for src in driver.execute_script(
            "return [...document.querySelectorAll('picture img')].map(i => i.currentSrc).filter(s => !s.includes('.dark.'));")]
    if screenshot:
        driver.save_screenshot(screenshot)
    return problems


def check_print(driver, url, pdf):
    """The tables that do not fit across their printed page; prints the page to `pdf` when given."""
    problems = []
    # A reader in dark mode still prints on white paper: the light, wide figures and the light page.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    for orientation, width in PRINT_WIDTHS.items():
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        driver.get(url)
        problems += driver.execute_script(PRINT_CHECKS, orientation, width)
    problems += [f"in print, the page shows {src}" for src in driver.execute_script(
        "return [...document.querySelectorAll('picture img')].map(i => i.currentSrc).filter(s => s.includes('.dark.') || s.includes('.narrow.'));")]
    text = driver.execute_script("return getComputedStyle(document.body).color")
    if sum(int(part) for part in text[text.index("(") + 1:text.index(")")].split(",")[:3]) > 3 * 128:
        problems.append(f"in print, the text is light ({text}) on white paper")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    if pdf:
        driver.get(url)
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 210 / 25.4, "paperHeight": 297 / 25.4, "preferCSSPageSize": True})
        with open(pdf, "wb") as file:
            file.write(base64.b64decode(printed["data"]))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", help="report folders (each with an index.html)")
    parser.add_argument("--axe", help="axe.min.js to run (default: none; `make browser-test` passes the wheel's copy)")
    parser.add_argument("--screenshots", help="also save a PNG per view into this folder")
    parser.add_argument("--pdf", help="also print each report to a PDF in this folder")
    args = parser.parse_args()
    for folder in args.reports:
        if not os.path.isfile(os.path.join(folder, "index.html")):
            parser.exit(2, f"browser-check: {folder}: no index.html\n")
    axe_source = open(args.axe, encoding="utf-8").read() if args.axe else None
    for folder in filter(None, [args.screenshots, args.pdf]):
        os.makedirs(folder, exist_ok=True)

    driver = browser()
    failed = views = 0
    try:
        for folder in args.reports:
            server, request_failures = serve(os.path.abspath(folder))
            url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
            name = os.path.basename(os.path.normpath(folder))
            shot = lambda view: os.path.join(args.screenshots, f"{name}-{view}.png") if args.screenshots else None

            def report(view, problems):
                """Prints one view's verdict, with the requests that failed while it loaded; True when clean."""
                problems += [f"request failed: {failure}" for failure in request_failures]
                request_failures.clear()
                print(f"{name} {view}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
                for problem in problems:
                    print(f"  - {problem}")
                return not problems

            results = [report(f"at {width} px, {scheme}", check_view(driver, url, width, height, scheme, axe_source, shot(f"{width}-{scheme}")))
                       for width, height, scheme in VIEWS]
            if shutil.which("cmark-gfm") and os.path.isfile(os.path.join(folder, "report.md")):
                results += [report(f"report.md as GitHub shows it, {scheme}",
                                   check_markdown(driver, url.replace("/index.html", GITHUB_PREVIEW), scheme, shot(f"report-md-{scheme}")))
                            for scheme in ["light", "dark"]]
            results.append(report("in print", check_print(driver, url, os.path.join(args.pdf, f"{name}.pdf") if args.pdf else None)))
            views += len(results)
            failed += results.count(False)
            driver.get("about:blank")  # nothing of this page may still load once its server stops
            driver.get_log("browser")
            server.shutdown()
    finally:
        driver.quit()
    print(f"browser-check: {views - failed} of {views} views clean (print and report.md included)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
