"""The enrichment commands through click's runner: variants, enrich, links list/accept/reject."""

import json

from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.records.models import Link, VariantName


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_variants_then_enrich_then_judge(full_record):
    result = run("variants", "mao-zedong", "moscow")
    assert result.exit_code == 0 and "for 2 authority records" in result.output
    assert VariantName.objects.filter(authority__key="mao-zedong", origin="generated").exists()

    result = run("enrich", "--show")
    assert result.exit_code == 0, result.output
    assert "110390\tproposed\tMolotov, Vyacheslav Mikhailovich" in result.output
    assert "1 document:" in result.output

    listed = [json.loads(line) for line in run("links", "list", "110390").output.splitlines()]
    assert {item["id"] for item in listed} >= {"molotov-vyacheslav", "mikoyan-anastas"}
    assert all(item["status"] == "proposed" and item["confidence"] for item in listed)

    assert run("links", "accept", "110390", "person/molotov-vyacheslav").exit_code == 0
    assert run("links", "reject", "110390", "mikoyan-anastas").exit_code == 0
    statuses = dict(Link.objects.filter(document__record_id="110390", status__in=["accepted", "rejected"])
                    .values_list("authority__key", "status"))
    assert statuses == {"molotov-vyacheslav": "accepted", "mikoyan-anastas": "rejected"}


def test_judging_a_missing_link_exits_nonzero(full_record):
    result = CliRunner().invoke(cli, ["links", "accept", "110390", "person/zhou-enlai"])
    assert result.exit_code == 1 and "no proposed link" in result.output


def test_timeline_lists_dates_in_calendar_order(full_record):
    run("enrich")
    result = run("timeline", "110390", "--from", "1950-01-03", "--to", "1950-01-31")
    entries = [json.loads(line) for line in result.output.splitlines()]
    assert entries and [e["earliest"] for e in entries] == sorted(e["earliest"] for e in entries)
    assert {"1950-01-09", "1950-01-19"} <= {e["date"] for e in entries}
    assert all("1950-01-03" <= e["earliest"] <= "1950-01-31" for e in entries)


def test_enrich_with_offices_reads_titles_as_mentions(full_record):
    from archivist.enrich.models import Mention
    from archivist.records.models import Authority

    Authority.objects.filter(key="zhou-enlai").update(description="Premier of the People's Republic of China")
    result = run("enrich", "--offices")
    assert result.exit_code == 0, result.output
    assert not Mention.objects.filter(evidence="office").exists()  # the text says "acting premier" only
    from archivist.records.models import Text

    text = Text.objects.get(document__record_id="110390")
    text.body += "\n\nThe Premier will leave on 9 January."
    text.save()
    run("enrich", "--offices")
    assert Mention.objects.filter(evidence="office", authority__key="zhou-enlai", surface="Premier").exists()
