"""Every answer says how long the app took and its CPU time (Server-Timing), which bench/web reads."""

import re


def test_pages_and_errors_say_the_apps_time_in_server_timing(client, db):
    for path, status in (("/", 200), ("/documents/no-such-document", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert re.fullmatch(r"app;dur=\d+\.\d, cpu;dur=\d+\.\d", response["Server-Timing"])
