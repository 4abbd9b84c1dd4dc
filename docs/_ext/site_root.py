"""Write the root ``index.html`` of the published site (``docs/_build/site/``).

It sends the reader to the edition matching the browser's languages (``navigator.languages``)
and lists all editions as plain links, so it works without JavaScript too. Self-contained: no
request leaves the site. Used by ``nox -s docs``; also ``python docs/_ext/site_root.py SITE``.
"""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS))

from languages import LANGUAGES, SOURCE_LANGUAGE, html_lang

BASE_URL_VARIABLE = "LSTM_EXPLAINED_BASE_URL"
# A placeholder until the site is published: the Pages workflow sets the real address.
DEFAULT_BASE_URL = "https://lstm-explained.github.io/"


def base_url() -> str:
    """The address of the published site's root, always ending in ``/``: the one setting
    (``$LSTM_EXPLAINED_BASE_URL``) behind canonical links, the sitemap, Open Graph URLs, the
    404 page's links and the addresses on the page "Linking to this book"."""
    value = os.environ.get(BASE_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
    return value.rstrip("/") + "/"


TEMPLATE = """<!DOCTYPE html>
<html lang="{source_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LSTM Explained</title>
{alternates}
<script>
(function () {{
  var editions = {editions};
  var wanted = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || ""];
  var target = "{source}";
  outer: for (var i = 0; i < wanted.length; i++) {{
    var tag = String(wanted[i]).toLowerCase().replace("_", "-");
    for (var j = 0; j < editions.length; j++) {{
      var code = editions[j], prefix = code.toLowerCase().replace("_", "-").split("-")[0];
      if (tag === code.toLowerCase().replace("_", "-") || tag.split("-")[0] === prefix) {{
        target = code;
        break outer;
      }}
    }}
  }}
  window.location.replace(target + "/index.html");
}})();
</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; }}
li {{ margin: 0.4rem 0; font-size: 1.15rem; }}
</style>
</head>
<body>
<h1>LSTM Explained</h1>
<ul>
{links}
</ul>
</body>
</html>
"""


def root_index_html(languages: dict[str, str] = LANGUAGES) -> str:
    """The root page's HTML: a JS redirect by browser language, and a link to every edition."""
    links = "\n".join(
        f'<li><a href="{code}/index.html" hreflang="{html_lang(code)}" lang="{html_lang(code)}">'
        f"{html.escape(name)}</a></li>"
        for code, name in languages.items()
    )
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{html_lang(code)}" href="{code}/index.html">'
        for code in languages
    )
    return TEMPLATE.format(
        source_lang=html_lang(SOURCE_LANGUAGE),
        source=SOURCE_LANGUAGE,
        editions=json.dumps(list(languages)),
        links=links,
        alternates=alternates,
    )


def write_root_index(site: Path, languages: dict[str, str] = LANGUAGES) -> Path:
    """Write ``site/index.html`` and return its path."""
    site.mkdir(parents=True, exist_ok=True)
    target = site / "index.html"
    target.write_text(root_index_html(languages), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_root_index(Path(sys.argv[1] if len(sys.argv) > 1 else DOCS / "_build" / "site")))
