"""The rig's mail server: accept every message and keep each in a file.

One file per message received, in the directory given, so that the fault
suite (tests/faults) can prove each notice was delivered exactly once.

    python deploy/cluster/mail_sink.py PORT DIRECTORY
"""

import sys
import threading
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = f"{uuid.uuid4().hex}.eml"
        # Written beside and renamed: a reader never sees half a message.
        partial = self.directory / f".{name}"
        partial.write_bytes(envelope.original_content)
        partial.rename(self.directory / name)
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    # Until the rig stops it (SIGTERM ends the process).
    threading.Event().wait()


if __name__ == "__main__":
    main()
