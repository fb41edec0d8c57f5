"""The checker on sources: hosts to avoid, state media unlabelled, sources without a kind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from story.format.loader import load_story
from story.format.sources import HOSTS_FILE, avoided, is_state_media, kind_problem, kind_rule, story_source_warnings

ROOT = Path(__file__).resolve().parents[2]
DOUBTFUL = ROOT / "tests" / "stories" / "doubtful-sources.yaml"


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "story", "check", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_each_doubtful_source_is_a_warning_at_its_line(catalog):
    warnings = [str(w) for w in story_source_warnings(DOUBTFUL, load_story(DOUBTFUL, catalog))]
    name = str(DOUBTFUL)
    assert warnings == [
        f"{name}:20:14: warning: steps[0].sources[0].url: pledgetimes.com is a content farm or repost: "
        f"cite the original outlet ({HOSTS_FILE.name})",
        f"{name}:23:14: warning: steps[0].sources[1].url: en.swiki.se is a mirror of Wikipedia: "
        f"cite the original outlet ({HOSTS_FILE.name})",
        f"{name}:27:15: warning: steps[0].sources[2].kind: tass.com is state media: "
        "its kind is state-media (or official)",
        f"{name}:28:9: warning: steps[0].sources[3]: the source has no kind; say what it is: "
        "independent, ngo, official, state-media, partisan, encyclopedia, scholarly",
    ]


def test_hosts_match_themselves_and_their_subdomains_only():
    assert avoided("https://www.pledgetimes.com/x") == "content farm or repost"
    assert avoided("https://notpledgetimes.com/x") is None
    assert avoided(None) is None
    assert is_state_media("https://www.inform.kz/en/x")
    assert not is_state_media("https://informburo.kz/x")


def test_warnings_leave_the_story_playable_and_strict_makes_them_errors():
    lenient = check(str(DOUBTFUL))
    assert lenient.returncode == 0, lenient.stdout
    assert f"{DOUBTFUL}: ok (1 step; 4 warnings)" in lenient.stdout
    strict = check("--strict", str(DOUBTFUL))
    assert strict.returncode == 1
    assert strict.stdout.count(": warning: ") == 4


def test_the_flagship_passes_strict_in_every_language():
    flagship = sorted((ROOT / "story").glob("qantar-*.yaml"))
    assert len(flagship) == 3
    result = check("--strict", *map(str, flagship))
    assert result.returncode == 0, result.stdout
    assert "warning" not in result.stdout


def test_the_rule_for_kinds_state_media_funded_outlets_and_reposts():
    # Run by a state: state media, whatever the publisher says.
    assert kind_problem("https://tass.com/world/1", "TASS", "independent") == (
        "tass.com is state media: its kind is state-media (or official)"
    )
    # Funded by a state, not run by it (RFE/RL and its peers): independent, and the publisher says who pays.
    assert kind_problem("https://www.rferl.org/a/1.html", "RFE/RL (funded by the US Congress)", "independent") is None
    assert kind_problem("https://www.rferl.org/a/1.html", "RFE/RL", "independent") == (
        "www.rferl.org is funded by a state, not run by it: its publisher says who pays (funded by ...)"
    )
    assert "its kind is independent" in kind_problem("https://rus.azattyq.org/a/1.html", "Azattyq", "state-media")
    # Its report reposted elsewhere is found by the publisher's name.
    assert kind_problem("https://business-humanrights.org/x", "RFE/RL's Kazakh Service, via BHRRC", "independent")
    # A repost of state media is state media, on any host; a funded outlet relaying TASS too.
    assert "relays Sputnik" in kind_problem("https://lada.kz/x", "Sputnik Kazakhstan, via Lada.kz", "independent")
    assert kind_problem("https://en.armradio.am/x", "Public Radio of Armenia (citing TASS)", "state-media") is None
    # Outlets the rule does not name are left to the author.
    assert kind_rule("https://www.reuters.com/x", "Reuters") is None


def test_the_checker_applies_the_rule_for_kinds_at_the_field_to_fix(catalog):
    story = ROOT / "tests" / "stories" / "kinds-rule.yaml"
    warnings = [str(w) for w in story_source_warnings(story, load_story(story, catalog))]
    assert warnings == [
        f"{story}:21:20: warning: steps[0].sources[0].publisher: www.rferl.org is funded by a state, not run by it: "
        "its publisher says who pays (funded by ...)",
        f"{story}:26:15: warning: steps[0].sources[1].kind: it relays Sputnik, state media: "
        "its kind is state-media (or official)",
    ]
