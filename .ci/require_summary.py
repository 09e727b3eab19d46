"""Exit 1 unless a pytest log ends its run with a summary line such as `== 640 passed in 300.1s ==`."""
import re
import sys

SUMMARY = re.compile(r"^=* ?(?:\d+ (?:passed|failed|errors?|skipped|deselected|xfailed|xpassed)(?:, )?)+.* in [\d.]+s", re.M)

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
if not SUMMARY.search(text):
    print("pytest printed no summary line: the run ended early, so it cannot count as passed", file=sys.stderr)
    sys.exit(1)
