"""Figure 1: cold start of the API function (a fresh process running `child`) against the boto3 floor."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from moto.server import ThreadedMotoServer

from infra.local.provision import LOCAL_AWS_ENV, create_stack

CHILD = Path(__file__).with_name("child.py")
FLOOR = 'import boto3; boto3.client("dynamodb")'
READY = "import time; print(time.perf_counter())"  # both processes print it once they have answered
RUNS = 21
COLD_START_TARGET = 1.3  # issue 14; docs/decisions.md, Cold start


def cold_start() -> float:
    """Print the floor's and the handler's process wall times; return the ratio of medians.

    Also printed: each process's time to its answer, without the interpreter's exit (which Lambda
    never runs after a request, and which costs the floor more than the handler: docs/decisions.md).
    """
    print(f"== 1. Cold start of the API function: fresh process, import + one GET /me, {RUNS} runs each ==")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        os.environ["AWS_ENDPOINT_URL"] = f"http://{host}:{port}"
        stack = create_stack()  # works as is: every boto3 client of the provisioning goes to the server
        env = {
            **LOCAL_AWS_ENV,
            **stack.environments["ApiFunction"],
            "AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT_URL"],
            "AWS_CONFIG_FILE": os.devnull,  # no developer ~/.aws in the way, as in Lambda
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
        floor_command = [sys.executable, "-I", "-c", f"{FLOOR}; {READY}"]
        floor, handler = [], []  # per run: (ms to the exit, ms to the answer)
        load = os.getloadavg()[0]
        for _ in range(RUNS + 1):  # the first run of each compiles .pyc files: discarded below
            floor.append(_wall_ms(floor_command, env))
            # A new networker each run: every cold start pays the GetItem miss and the PutItem of a
            # first visit, the dearest GET /me, and no run depends on what an earlier one wrote.
            handler.append(_wall_ms(_child_command(), env))
        (floor, floor_ready), (handler, handler_ready) = zip(*floor[1:], strict=True), zip(*handler[1:], strict=True)
        heaviest = _heaviest_imports(env)
    finally:
        server.stop()
        os.environ.pop("AWS_ENDPOINT_URL")

    ratio = statistics.median(handler) / statistics.median(floor)
    # Each handler run is paired with the floor run just before it, under the same load: the median of
    # these ratios cross-checks the ratio of medians on a machine whose load changes during the runs.
    paired = statistics.median(h / f for f, h in zip(floor, handler, strict=True))
    for label, times in ((f"floor    {FLOOR}", floor), ("handler  import app; GET /me", handler)):
        print(f"  {label:<48} median {statistics.median(times):5.0f} ms   min {min(times):5.0f} ms")
    verdict = "PASS" if ratio <= COLD_START_TARGET else "MISS"
    print(f"  ratio of medians {ratio:.2f}: {verdict} (target <= {COLD_START_TARGET})")
    print(f"  cross-checks: median of paired ratios {paired:.2f}, ratio of mins {min(handler) / min(floor):.2f}")
    # Other work on the machine moves the ratio by 0.1 and more either way: say how busy it was.
    print(f"  load average {load:.1f} before the runs, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} CPUs)")
    ready = statistics.median(handler_ready) / statistics.median(floor_ready)
    print(
        f"  to the answer, without the interpreter's exit: floor {statistics.median(floor_ready):.0f} ms, handler"
        f" {statistics.median(handler_ready):.0f} ms (medians), ratio {ready:.2f}"
    )
    print("  what the handler imports beyond the floor, by package (python -X importtime, one run, top 8):")
    for ms, package in heaviest:
        print(f"    {ms:6.0f} ms  {package}")
    return ratio


def _child_command(*options: str) -> list[str]:
    # -I: neither PYTHONPATH nor the working directory leaks in; the child sets its own sys.path.
    return [sys.executable, "-I", *options, str(CHILD), str(uuid.uuid4())]


def _wall_ms(command: list[str], env: dict) -> tuple[float, float]:
    """The process's wall time to its exit, and to its answer (the `READY` time it prints last)."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode:
        raise RuntimeError(f"{command} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    # perf_counter is CLOCK_MONOTONIC on Linux: one clock for this process and its children.
    return elapsed, (float(done.stdout.split()[-1]) - start) * 1000


def _heaviest_imports(env: dict, top: int = 8) -> list[tuple[float, str]]:
    """What the handler imports beyond the floor's modules, by package: (ms of import time, package)."""
    floor = {name for _, name in _import_times([sys.executable, "-I", "-X", "importtime", "-c", FLOOR], env)}
    by_package: dict[str, float] = {}
    for own, name in _import_times(_child_command("-X", "importtime"), env):
        if name not in floor:
            parts = name.split(".")
            package = ".".join(parts[:2] if parts[0] in ("rapport", "aws_lambda_powertools") else parts[:1])
            by_package[package] = by_package.get(package, 0) + own
    return sorted(((ms, package) for package, ms in by_package.items()), reverse=True)[:top]


def _import_times(command: list[str], env: dict) -> list[tuple[float, str]]:
    """Each module's own import time (ms, python -X importtime) and its name."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:  # skip the header line
            own, _, name = line.removeprefix("import time:").split("|")
            rows.append((int(own) / 1000, name.strip()))
    return rows
