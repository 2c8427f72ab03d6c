"""MLLP (HL7's Minimal Lower Layer Protocol): one framed message out, one
framed ACK back, on a TCP connection opened for it."""

import socket
import time

START, END = b"\x0b", b"\x1c\x0d"


class MllpError(OSError):
    """The exchange did not complete: no connection, a timeout, a broken frame."""


def frame(message: bytes) -> bytes:
    return START + message + END


def exchange(host: str, port: int, message: bytes, *, timeout: float) -> bytes:
    """Send `message` and return the ACK's bytes; the whole exchange takes at
    most `timeout` seconds (connecting included)."""
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(frame(message))
            return _read_frame(connection, deadline)
    except TimeoutError:
        raise MllpError(f"no ACK within {timeout:g} s") from None
    except OSError as error:
        if isinstance(error, MllpError):
            raise
        raise MllpError(f"{type(error).__name__}: {error.strerror or error}") from None


def _read_frame(connection: socket.socket, deadline: float) -> bytes:
    received = b""
    while END not in received:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        connection.settimeout(left)
        chunk = connection.recv(65536)
        if not chunk:
            raise MllpError("the receiver closed the connection before its ACK")
        received += chunk
    start = received.find(START)
    if start < 0:
        raise MllpError("an ACK without MLLP's start byte")
    return received[start + 1 : received.index(END)]
