"""Kill a process that is saving surveys, at random moments, many times.

After every kill the database must pass `PRAGMA integrity_check`, and every survey whose commit
the writer reported must be there with the values it wrote (WAL + synchronous=NORMAL survives an
application crash; notes/stack-facts.md).
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ranoat.operations.demo import create_demo

WRITER = r"""
import json, sys
from pathlib import Path
from ranoat.domain.household import SurveyData, SurveyStatus
from ranoat.operations.register import save_survey, create_round
from ranoat.domain.household import RoundKind
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

path, start = Path(sys.argv[1]), int(sys.argv[2])
books = load_all()
db = open_database(path)
with db.session() as session:
    round_id = create_round(session, year=2026, kind=RoundKind.REGULAR, month=start % 12 + 1,
                            standard_id="2022-2025", rulebooks=books).id
print(json.dumps({"round": round_id}), flush=True)
n = 0
while True:
    household = n % 200 + 1
    b1 = float((start * 7 + n) % 250)
    with db.session() as session:
        save_survey(session, round_id=round_id, household_id=household,
                    data=SurveyData(b1=b1, lacking=["employment"], status=SurveyStatus.DRAFT), rulebooks=books)
    print(json.dumps({"household": household, "b1": b1}), flush=True)  # printed only after the commit
    n += 1
"""


def test_killed_writers_never_corrupt_or_lose_committed_surveys(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=200, seed=4)
    rng = random.Random(20261128)
    kills = 0
    for attempt in range(20):
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(attempt)], stdout=subprocess.PIPE, text=True
        ) as writer:
            time.sleep(rng.uniform(0.3, 1.0))
            writer.send_signal(signal.SIGKILL)
            output, _ = writer.communicate(timeout=30)
        kills += 1
        lines = [json.loads(line) for line in output.splitlines() if line.strip()]
        if not lines:
            continue  # killed before it opened the round: nothing was committed
        round_id = lines[0]["round"]
        committed: dict[int, float] = {}
        for line in lines[1:]:
            committed[line["household"]] = line["b1"]
        connection = sqlite3.connect(path)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = dict(
                connection.execute("SELECT household_id, b1 FROM survey WHERE round_id = ?", (round_id,)).fetchall()
            )
        finally:
            connection.close()
        # The write after the last printed one may have committed just before the kill.
        maybe_newer = lines[-1]["household"] % 200 + 1 if len(lines) > 1 else None
        for household, b1 in committed.items():
            assert household in stored, f"attempt {attempt}: committed survey of household {household} lost"
            if household != maybe_newer:
                assert stored[household] == b1, f"attempt {attempt}: household {household} has a wrong B1"
    assert kills == 20
