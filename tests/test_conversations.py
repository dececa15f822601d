"""The conversation cases in agent_config/conversations/**/*.yaml, run against offline mode and the seeded demo data.

Each case drives the real agent (build_agent + the offline model, the six real tools) turn by turn with
the history carried over, as the server does, and checks the tools called, their arguments and the reply.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conversations.harness import Case, load_cases, run_case

ALL_CASES = load_cases()
CASES = [c for c in ALL_CASES if c.group == "tuned"]
# Held-out cases measure understanding of phrasing offline mode was never tuned on; practice cases are earlier
# held-out rounds it has since been tuned on. In both groups each case may fail; the pass rate may not fall
# below the group's floor, and both rates are printed at the end of the run (tests/conftest.py).
# Round 1 (now practice/) first measured 48/73 = 66% on 2026-12-04 before anyone looked at the failures; after
# tuning on it, 73/73. Round 2 (held_out/round2_*, written from domain.md by someone who had not read the offline
# code) first measured 63/96 = 66% on 2026-12-05 with that tuned offline mode; a fix for what it showed took it to
# 68/96. Round 2b (held_out/round2b_*, written the same way by a second writer, landed after that fix and
# never looked at before its first run) first measured 51/71 = 72%. Together: 119/167 = 71%.
# On 2026-12-05 rounds 2 and 2b moved to practice/ (offline mode is being improved on their failures; practice
# then stood at 192/240 = 80%) and round 3 is being written, unseen, for held_out/. Policy questions in the
# customer's own words (offline/policy.py: a policy-shaped question's FAQ answer beats a tool when it names what
# no tool knows) took practice to 209/240 = 87%, then 218/240 = 91%. Reading quotes' routes, counts and
# typos as customers say them (bags between two addresses, "make it 6", "the drop off is in…", "there", plural
# typos, hour slots, date_cost pointing away from named items) took it to 229/240 = 95%; weekday-checked
# day numbers to 231/240 = 96%; trip words after a day number and "what did my … cost" to 233/240 = 97%;
# "today, asap" checking today (the phone for same-day) to 234/240 = 97.5%.
# Round 3 (held_out/round3*, 240 cases by three writers who never read or ran the offline code, landed after
# that tuning, first run 2026-12-05): 145/240 = 60%. Quotes, places, dates, multi-turn 48/60 = 80%; signed-in,
# coverage and refusals 80/114; policy questions in the customer's own words 17/66 = 26%, the weak spot.
# On 2026-12-05 round 3 moved to practice/ (offline mode is tuned on its failures; practice then stood at
# 379/480 = 79%) and round 4 is to be written, unseen, for held_out/ (none had arrived by the session's end:
# held_out/ is empty and its rate is not reported until it does). Policy categories (intents.yaml
# `policy_questions.categories`: a thing or situation the customer names is answered by the entry of its kind)
# took practice to 411/480 = 85.6%, round 3 policy files from 17/66 to 49/66.
# A booking already made in the customer's words ("which booking of mine is next"), bags with a day or a COI
# and no airport as a Standard Delivery, and one count per number ("4 pieces of luggage" is 4): 423/480 = 88%;
# "is that locked in?" / "has it been confirmed?" about a booking, never a new quote: 425/480; asking to
# change a booking ("push my delivery back", "change the drop-off address") goes to the team: 429/480 = 89%.
# "my apartment is in LIC" and "do you come up here" name a place, not the building's floors: 433/480 = 90%.
# "does the driver come up…", "holiday fees", "a bad day to move": 436/480 = 91%; places with bracketed ZIPs and
# towns outside the area named as themselves: 439/480 = 91.5%.
# A policy question whose kind agrees with a confident FAQ entry needs no policy phrase, and a sizing
# category (family, kids): 432/480 = 90%; COI and mini move weight categories, 434/480 = 90.4%.
# Round 4 (118 cases, five writers) first measured 72/118 = 61%; it moved to practice/ and offline mode was
# tuned on it (texting shorthand in intents.yaml, weekday-anchored follow-ups, replaced places taking their side,
# policy categories with `unless` words...): practice 519 -> 568/598. On 2026-12-05 four more rounds were written
# unseen and each measured on landing, then moved to practice/ and tuned on before the next landed:
#   round 5: 104/131 = 79% (88/109, then its dates writer 16/22)      practice after tuning 679/707
#   round 6: 64/82 = 78% (prices 21/25, policies 18/28, accounts and dates 25/29)   practice 771/811
#   round 7: 64/86 = 74% (policies 15/25, dates and prices 23/29, accounts and multi-turn 26/32)   practice 849/897
#   round 8: 55/73 = 75% (prices and dates 24/25, accounts and multi-turn 22/28, policies 9/20)   -> held_out/ now
# Policy questions in the customer's own words stay the weakest kind (45-70% on first runs).
# On 2026-12-05 (a later session) eight more rounds, each landed unseen, measured, then tuned on:
#   round 9: 68/90 = 76%    round 10: 82/98 = 84%    round 11: 65/74 = 88%    round 12: 67/75 = 89%
#   round 13: 85/99 = 86%   round 14: 90/99 = 91%    round 15: 88/100 = 88% (landed beside round 14 with offline
#   mode unchanged: the two together 178/199 = 89%)   round 16: 85/98 = 87%   round 17: 91/99 = 92%
# practice after tuning on rounds 8-16: 1643/1703 = 96.5%; after round 17 as well, 1740/1802 = 96.6%.
# Round 18 first measured 81/100 (policies 20/25, prices/dates/places 23/25, accounts and multi-turn 22/25, a
# policy mixed with a service 16/25); tuned on, practice 1843/1902 = 96.9%. Round 19 first measured 83/100
# (policies 19/25, prices/dates/places 23/25, accounts and multi-turn 23/25, mixed 18/25); tuned on, practice
# 1942/2002 = 97.0%. Round 20 first measured 89/100 (policies 23/25, prices/dates/places 23/25, accounts and
# multi-turn 22/25, mixed 21/25); tuned on, practice 2043/2102 = 97.2%. Round 21 first measured 90/100
# (policies 20/25, prices/dates/places 24/25, accounts and multi-turn 22/25, mixed 24/25). Round 22 landed beside
# it with offline mode unchanged (only a refactor, checked to fail the same cases): 90/100 (policies 23/25,
# prices/dates/places 25/25, accounts and multi-turn 22/25, mixed 20/25). held_out/ now: rounds 21 and 22,
# 180/200 = 90%, neither looked at while tuning.
# The held-out floor is set from each round's first run, less a case or two: a floor at exactly the first run
# would turn any one case that reads differently on PostgreSQL into a red suite.
# The goal for held-out is 90% (agent.yaml `eval`, checked by `make eval`). The floors only stop regressions:
# raise them as offline mode improves, never lower one to pass.
GROUP_FLOORS = {"held_out": 0.88, "practice": 0.96}
# Practice is run in interleaved shards so the two test workers share it (it is most of the suite's time); each
# shard must meet the floor, and the summary adds them up (tests/conftest.py).
GROUP_SHARDS = {"held_out": 1, "practice": 2}
SHARDS = [(group, shard) for group in sorted(GROUP_FLOORS) for shard in range(GROUP_SHARDS[group])]


def group_report(group: str, shard: int) -> Path:
    return Path(__file__).resolve().parent / "artifacts" / f"{group}-{shard}.json"


def test_there_are_at_least_fifty_conversations() -> None:
    assert len(CASES) >= 50


@pytest.fixture
def offline_agent(shipped_config: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The cases pin business facts staff own, so they run on the shipped agent_config/, not the test fixture:
    the agent, and the process-wide config the catalogue's own messages read the contact line from."""
    from assistant.agent import build_agent

    monkeypatch.setattr("assistant.runtime.get_config", lambda: shipped_config)
    from assistant.offline import build_offline_model

    return build_agent(shipped_config, model=build_offline_model(shipped_config))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_conversation(
    case: Case, offline_agent: Any, shipped_config: Any, seeded: dict[str, Any], make_deps: Callable[..., Any]
) -> None:
    switched_off = {name for name, tool in shipped_config.tools.items() if not tool.enabled}
    needed = {t.name for turn in case.turns for t in (turn.tools or [])} & switched_off
    if needed:  # a supported staff edit: the case pins behaviour the config no longer offers
        pytest.skip(f"{case.file}: needs {', '.join(sorted(needed))}, switched off in tools.yaml")
    user = None if case.user == "anon" else seeded[case.user]
    failures = await run_case(case, offline_agent, make_deps(user, now=case.now_ny, config=shipped_config))
    assert not failures, f"{case.file}: {case.name}\n" + "\n".join(failures)


@pytest.mark.parametrize(("group", "shard"), SHARDS, ids=[f"{g}-{i + 1}of{GROUP_SHARDS[g]}" for g, i in SHARDS])
async def test_group_pass_rate(
    group: str,
    shard: int,
    offline_agent: Any,
    shipped_config: Any,
    seeded: dict[str, Any],
    make_deps: Callable[..., Any],
) -> None:
    cases = [c for c in ALL_CASES if c.group == group][shard :: GROUP_SHARDS[group]]
    if not cases:
        pytest.skip(f"no {group} conversation cases (agent_config/conversations/{group}/)")
    failed: dict[str, list[str]] = {}
    for case in cases:
        user = None if case.user == "anon" else seeded[case.user]
        failures = await run_case(case, offline_agent, make_deps(user, now=case.now_ny, config=shipped_config))
        if failures:
            failed[f"{case.file}: {case.name}"] = failures
    passed = len(cases) - len(failed)
    report = group_report(group, shard)
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps({"passed": passed, "total": len(cases), "failed": failed}, indent=2), encoding="utf-8")
    rate = passed / len(cases)
    details = "\n".join(f"{name}\n  " + "\n  ".join(lines) for name, lines in failed.items())
    assert rate >= GROUP_FLOORS[group], f"{group} pass rate {passed}/{len(cases)} = {rate:.0%}\n{details}"
