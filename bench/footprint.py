"""Memory of the whole running system started by `familjecentret up`.

Sums the proportional set size (PSS: shared pages split among their users, so nothing is
counted twice) of the `familjecentret up` process, everything it started, and the embedded
PostgreSQL server's processes, and prints it beside the machine's total memory.

    .venv/bin/python -m bench.footprint
"""

from __future__ import annotations

import psutil


def stack_processes() -> list[psutil.Process]:
    found: dict[int, psutil.Process] = {}
    for process in psutil.process_iter(["cmdline", "username"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "familjecentret up" in cmdline:
            found[process.pid] = process
            for child in process.children(recursive=True):
                found[child.pid] = child
        elif process.info["username"] == "embedded_postgres":
            found[process.pid] = process
    return list(found.values())


def main() -> None:
    total = 0
    by_name: dict[str, int] = {}
    for process in stack_processes():
        try:
            pss = process.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        name = " ".join(process.cmdline()[:3])[-40:] if process.cmdline() else process.name()
        label = "postgres" if process.username() == "embedded_postgres" else name
        by_name[label] = by_name.get(label, 0) + pss
        total += pss
    if not total:
        raise SystemExit("no running `familjecentret up` found")
    for label, pss in sorted(by_name.items(), key=lambda item: -item[1]):
        print(f"{pss / 2**20:8.1f} MiB  {label}")
    machine = psutil.virtual_memory().total
    print(
        f"{total / 2**20:8.1f} MiB  in all = {total / machine:.1%} of this machine's "
        f"{machine / 2**30:.0f} GiB"
    )


if __name__ == "__main__":
    main()
