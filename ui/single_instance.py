"""One Ranoat per user and database: a second start raises the first window instead of opening
another, empty one (issue #14).

The first instance listens on a local socket (a named pipe on Windows) named after the user and the
database's path; a second start connects to it, asks it to come to the front, and ends.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

RAISE = b"raise\n"
TIMEOUT_MS = 1000


def instance_key(database: Path) -> str:
    """The socket's name: the same for the same user and database, short and free of path characters."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment (a service account)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    where = os.path.normcase(str(database.expanduser().resolve()))
    digest = hashlib.sha256(f"{user}\n{where}".encode()).hexdigest()[:24]
    return f"ranoat-{digest}"


class SingleInstance(QObject):
    """`claim()` is True for the first instance (which then emits `raise_requested` each time
    another start asks), False when another instance has the key (it has been asked to raise)."""

    raise_requested = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._server: QLocalServer | None = None
        self._connections: list[QLocalSocket] = []  # children of the server, closed with it

    def claim(self) -> bool:
        if self._ask_the_first():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        if not server.listen(self.key):
            # Another start listening at the same moment, or a socket left by a Ranoat that crashed
            # (Unix): ask once more, and only if nobody answers take the name over.
            if self._ask_the_first():
                return False
            QLocalServer.removeServer(self.key)
            if not server.listen(self.key):
                return True  # cannot listen (a locked-down machine): run anyway, without the guard
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def release(self) -> None:
        for connection in self._connections:
            connection.abort()
        self._connections = []
        if self._server is not None:
            self._server.close()
            self._server = None

    def _ask_the_first(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(TIMEOUT_MS)
        return True

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            self._connections.append(connection)
            connection.readyRead.connect(self._read)
            connection.disconnected.connect(self._forget)
        self._read()  # what arrived with the connection

    def _read(self) -> None:
        for connection in self._connections:
            if connection.bytesAvailable() and RAISE.strip() in bytes(connection.readAll().data()):
                self.raise_requested.emit()

    def _forget(self) -> None:
        self._read()
        self._connections = [c for c in self._connections if c.state() == QLocalSocket.LocalSocketState.ConnectedState]


def bring_to_front(window: QWidget) -> None:
    """The window, out of the taskbar if minimised, in front and with the focus."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
