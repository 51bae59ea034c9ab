#!/usr/bin/env python3
"""Loads rendered reports in headless Chromium, as readers see them, and fails on what they would hit.

For every report folder given (each holding an index.html) and every view (1280 and 390 CSS px
wide, light and dark colour scheme), the page is served over HTTP from a local port and checked:

- no horizontal overflow of the page itself (a wide table may scroll inside its own region);
- every <img> loaded (complete, naturalWidth > 0) and no request failed (no 404, favicon included);
- no console errors;
- every <picture> shows the source its media queries choose (the dark variant in dark mode, a
  narrow variant on the phone where the page offers one);
- axe-core finds no violations (WCAG 2.x A and AA rules and best practices), using the
  axe.min.js that ships inside the PyPI wheel axe-playwright-python (only that file is used;
  pass --axe PATH to use another copy).

Needs Debian's chromium and chromium-driver and selenium from PyPI (`make browser-test` installs
them when missing). Exit status 0 when every check passes, 1 otherwise, 2 on a usage error.

Usage: scripts/browser-check.py [--axe axe.min.js] [--screenshots DIR] REPORT_DIR...
"""
import argparse
import functools
import http.server
import json
import os
import sys
import threading
import urllib.parse

VIEWS = [(1280, 900, "light"), (1280, 900, "dark"), (390, 844, "light"), (390, 844, "dark")]

PAGE_CHECKS = r"""
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
}
return problems;
"""


def serve(root):
    """An HTTP server for `root` on a free loopback port, in a daemon thread; records failed requests."""
    failures = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            failures.append(f"{code} for {urllib.parse.unquote(self.path)}")
            super().send_error(code, message, explain)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
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
    return webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))


def check_view(driver, url, width, height, scheme, axe_source, screenshot):
    """The problems one page shows at one width and colour scheme."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(url)
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })))"
        ".then(() => done());")
    problems = list(driver.execute_script(PAGE_CHECKS))
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", help="report folders (each with an index.html)")
    parser.add_argument("--axe", help="axe.min.js to run (default: none; `make browser-test` passes the wheel's copy)")
    parser.add_argument("--screenshots", help="also save a PNG per view into this folder")
    args = parser.parse_args()
    for folder in args.reports:
        if not os.path.isfile(os.path.join(folder, "index.html")):
            parser.exit(2, f"browser-check: {folder}: no index.html\n")
    axe_source = open(args.axe, encoding="utf-8").read() if args.axe else None
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)

    driver = browser()
    failed = 0
    try:
        for folder in args.reports:
            server, request_failures = serve(os.path.abspath(folder))
            url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
            name = os.path.basename(os.path.normpath(folder))
            for width, height, scheme in VIEWS:
                shot = os.path.join(args.screenshots, f"{name}-{width}-{scheme}.png") if args.screenshots else None
                problems = check_view(driver, url, width, height, scheme, axe_source, shot)
                problems += [f"request failed: {failure}" for failure in request_failures]
                request_failures.clear()
                status = "ok" if not problems else f"{len(problems)} problem(s)"
                print(f"{name} at {width} px, {scheme}: {status}")
                for problem in problems:
                    print(f"  - {problem}")
                failed += bool(problems)
            driver.get("about:blank")  # nothing of this page may still load once its server stops
            driver.get_log("browser")
            server.shutdown()
    finally:
        driver.quit()
    print(f"browser-check: {len(args.reports) * len(VIEWS) - failed} of {len(args.reports) * len(VIEWS)} views clean")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
