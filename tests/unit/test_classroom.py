"""Issue 32: `make class`, the app for a room from the teacher's laptop."""

from __future__ import annotations

from story.server.classroom import banner, class_address, server_command


def test_the_room_is_told_the_laptops_network_address_with_a_qr_code():
    address = class_address("192.168.1.23", 8501)
    said = banner(address, 8501)
    assert address == "http://192.168.1.23:8501/"
    assert "    http://192.168.1.23:8501/\n" in said
    assert "█" in said, "a QR code drawn in the terminal"


def test_without_a_network_the_teacher_is_told_why_the_phones_cannot_join():
    assert class_address(None, 8501) is None
    said = banner(None, 8501)
    assert "cannot reach this computer" in said and "http://localhost:8501/" in said


def test_the_app_listens_on_the_network_with_our_own_basemap_and_the_rooms_address():
    command = server_command(8600, None, "http://192.168.1.23:8600/")
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert command[command.index("--server.port") + 1] == "8600"
    app_args = command[command.index("--") + 1 :]
    assert app_args == ["--tiles", "none", "--public-url", "http://192.168.1.23:8600/"]
