"""run_demo(): a served sample and a sources file the CLI can crawl."""

import socket
import urllib.request

from demo.run import is_demo_source, run_demo
from store.sources import load_sources
from tests.demo.conftest import NOW, get_json


def test_run_demo_serves_the_sample_and_writes_its_sources(tmp_path):
    with run_demo(workdir=tmp_path, now=NOW, seed=3) as demo:
        assert demo.sources_file == tmp_path / "demo-sources.toml"
        from_file = load_sources(demo.sources_file)
        assert from_file == demo.sources
        assert len(demo.sources) == len(demo.sample.employers)
        assert {s.kind for s in demo.sources} == {"greenhouse", "workday", "jsonld"}
        for source in demo.sources:
            assert is_demo_source(source.name)
            assert (source.url or source.sitemap).startswith(demo.url)
            assert source.keep == "all"
        board = next(s for s in demo.sources if s.kind == "greenhouse")
        assert get_json(board.url + "/jobs")["meta"]["total"] > 0
        assert demo.crawl_settings["DOWNLOAD_DELAY"] == "0"
        port = demo.server.port
    # Stopped: the port no longer answers.
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_run_demo_defaults_to_a_temporary_folder_and_can_keep_relevant_only():
    with run_demo(now=NOW, keep="relevant") as demo:
        assert demo.sources_file.exists()
        assert all(s.keep == "relevant" for s in load_sources(demo.sources_file))
        with urllib.request.urlopen(demo.url, timeout=10) as response:
            assert response.status == 200


def test_demo_sources_are_recognised_by_name():
    assert is_demo_source("demo-chartbridge")
    assert not is_demo_source("cvs-health")
    assert not is_demo_source(None)
