"""Checks the rendered HTML reference and writes its index page.

Used by .ci/spec-tools.sh after `redocly build-docs`:

    python .ci/spec_docs.py check PAGE.html SPEC.json   # the page stands alone and lists every operation
    python .ci/spec_docs.py index DIR SPEC.json...      # DIR/index.html links every page and spec file
"""

import html
import json
import re
import sys
from pathlib import Path

# Tags that would make the browser fetch a resource from another host.
REMOTE_RESOURCE = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def operations(spec):
    """(method, path, operationId, summary) of every operation in `spec`."""
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [
        (method.upper(), path, operation["operationId"], operation["summary"])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]


def check(page_path, spec_path):
    """Fails unless the page loads nothing remote and names every operation."""
    page = Path(page_path).read_text(encoding="utf-8")
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    problems = [f"loads a remote resource: {match.group(0)}" for match in REMOTE_RESOURCE.finditer(page)]
    text = html.unescape(page)
    found = 0
    for method, path, operation_id, summary in operations(spec):
        missing = [name for name in (operation_id, summary) if name not in text]
        if missing:
            problems.append(f"{method} {path}: {' and '.join(map(repr, missing))} not in the page")
        else:
            found += 1
    if problems:
        sys.exit(f"{page_path}:\n  " + "\n  ".join(problems))
    print(f"{page_path}: self-contained, all {found} operations present")


def index(out_dir, spec_paths):
    """Writes `out_dir/index.html`, linking each host's page and spec files."""
    items = []
    for spec_path in spec_paths:
        spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
        stem = html.escape(Path(spec_path).stem)
        title = html.escape(f"{spec['info']['title']} {spec['info']['version']}")
        count = len(operations(spec))
        items.append(
            f'<li><a href="{stem}.html">{title}</a> ({count} operations): '
            f'spec as <a href="{stem}.yaml">YAML</a> or <a href="{stem}.json">JSON</a></li>'
        )
    page = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            '<head><meta charset="utf-8"><title>GroupMe API reference</title></head>',
            "<body>",
            "<h1>GroupMe API reference</h1>",
            "<p>One OpenAPI 3.0 description per GroupMe host.</p>",
            "<ul>",
            *items,
            "</ul>",
            "</body>",
            "</html>",
            "",
        ]
    )
    target = Path(out_dir) / "index.html"
    target.write_text(page, encoding="utf-8")
    print(f"wrote {target}")


def main(argv):
    if len(argv) == 4 and argv[1] == "check":
        check(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "index":
        index(argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
