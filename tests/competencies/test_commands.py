"""manage.py import_case."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from competencies.models import Competency, Framework
from core.models import AuditEntry

from .cases import DOC_ID, case_1_1, cf_package, dumps, dumps_windows, messy_package
from .servers import case_server, package_path

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "competencies/samples/idaho-cte-welding.case.json"


def counts() -> tuple[int, int, int]:
    return Framework.objects.count(), Competency.objects.count(), AuditEntry.objects.count()


def test_imports_the_sample_and_prints_a_summary() -> None:
    out = StringIO()
    call_command("import_case", str(SAMPLE), stdout=out)

    framework = Framework.objects.get()
    assert framework.slug == "welding-technology-idaho-cte-sample"
    assert framework.competencies.count() == 13
    assert framework.competencies.filter(parent=None).count() == 4
    assert AuditEntry.objects.get().actor_label == "manage.py import_case"
    text = out.getvalue()
    assert 'Created framework "Welding Technology (Idaho CTE sample)" version 2025.1' in text
    assert "13 created, 0 updated, 0 unchanged, 0 retired" in text


def test_reimport_prints_an_update_summary_and_slug_option(tmp_path: Path) -> None:
    path = tmp_path / "dl.json"
    path.write_bytes(dumps(cf_package()))
    call_command("import_case", str(path), "--slug", "dig-lit", stdout=StringIO())

    newer = cf_package(version="2.0")
    newer["CFItems"][0]["fullStatement"] = "Uses digital tools well."
    path.write_bytes(dumps(newer))
    out = StringIO()
    call_command("import_case", str(path), stdout=out)

    assert Framework.objects.get().slug == "dig-lit"
    assert 'Updated framework "Digital Literacy" version 2.0 (dig-lit).' in out.getvalue()
    assert "0 created, 1 updated, 4 unchanged, 0 retired" in out.getvalue()


def test_strict_refuses_a_malformed_file_whole(tmp_path: Path) -> None:
    call_command("import_case", str(SAMPLE), stdout=StringIO())
    before = counts()
    data = cf_package()
    data["CFItems"][3]["fullStatement"] = ""  # everything else is fine
    path = tmp_path / "bad.json"
    path.write_bytes(dumps(data))

    with pytest.raises(CommandError, match=r"CFItems\[3\]\.fullStatement is empty"):
        call_command("import_case", str(path), "--strict", stdout=StringIO())

    assert counts() == before


def test_a_malformed_file_exits_non_zero_with_the_message_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # run_from_argv closes every connection when it exits, the test's own included.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = tmp_path / "broken.json"
    path.write_text('{"CFDocument": ')

    with pytest.raises(SystemExit) as excinfo:
        execute_from_command_line(["manage.py", "import_case", str(path)])

    assert excinfo.value.code != 0
    captured = capsys.readouterr()
    assert "not JSON: Expecting value at line 1" in captured.err
    assert str(path) in captured.err
    assert captured.out == ""
    assert counts() == (0, 0, 0)


def test_a_bad_update_leaves_the_framework_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "dl.json"
    path.write_bytes(dumps(cf_package()))
    call_command("import_case", str(path), stdout=StringIO())
    newer = cf_package(version="2.0")
    newer["CFItems"][0]["fullStatement"] = "Changed."
    newer["CFAssociations"][4]["destinationNodeURI"]["identifier"] = "nowhere"
    path.write_bytes(dumps(newer))

    with pytest.raises(CommandError, match="isChildOf points to unknown item 'nowhere'"):
        call_command("import_case", str(path), "--strict", stdout=StringIO())

    framework = Framework.objects.get()
    assert framework.version == "1.0"
    assert framework.competencies.get(case_identifier="a").statement == "Uses digital tools."


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_case", str(tmp_path / "nope.json"))


def test_a_taken_slug_is_an_error(tmp_path: Path) -> None:
    call_command("import_case", str(SAMPLE), "--slug", "welding", stdout=StringIO())
    path = tmp_path / "dl.json"
    path.write_bytes(dumps(cf_package()))
    with pytest.raises(CommandError, match="'welding' is taken"):
        call_command("import_case", str(path), "--slug", "welding")
    assert Framework.objects.count() == 1


def test_a_messy_package_is_imported_whole_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "messy.json"
    path.write_bytes(dumps_windows(messy_package()))
    out = StringIO()

    call_command("import_case", str(path), stdout=out)

    text = out.getvalue()
    framework = Framework.objects.get()
    assert framework.competencies.count() == 6  # B.2 without an identifier included
    assert "6 created, 0 updated, 0 unchanged, 0 retired, 0 restored; 0 skipped, 1 merged." in text
    assert 'Merged: CFItems[5] "A.1 Chooses a tool for a task (copy)." repeats' in text
    assert 'Warning: CFItems[6] "B.2 Compares two sources.": identifier is missing' in text
    assert "Associations: 5 created, 0 updated, 0 removed." in text
    assert set(framework.associations.values_list("association_type", flat=True)) == {
        "isRelatedTo", "precedes", "exactMatchOf", "exemplar", "isPeerOf",
    }  # fmt: skip

    again = StringIO()
    call_command("import_case", str(path), stdout=again)
    assert "0 created, 0 updated, 6 unchanged, 0 retired" in again.getvalue()
    assert "Associations: 0 created, 0 updated, 0 removed." in again.getvalue()
    assert Competency.objects.count() == 6


def test_strict_refuses_a_messy_package_whole(tmp_path: Path) -> None:
    path = tmp_path / "messy.json"
    path.write_bytes(dumps(messy_package()))
    with pytest.raises(CommandError, match=r"CFItems\[5\]\.identifier 'a1' duplicates"):
        call_command("import_case", str(path), "--strict", stdout=StringIO())
    assert counts() == (0, 0, 0)


def test_dry_run_prints_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "dl.json"
    path.write_bytes(dumps(cf_package()))
    out = StringIO()
    call_command("import_case", str(path), "--dry-run", "-v", "2", stdout=out)
    assert 'Would create framework "Digital Literacy" version 1.0.' in out.getvalue()
    assert 'Created: "A.1 Chooses a tool for a task."' in out.getvalue()
    assert counts() == (0, 0, 0)


def test_imports_from_a_case_rest_url(settings) -> None:
    settings.CASE_FETCH_ALLOW_PRIVATE = True
    routes = {package_path(DOC_ID): (200, "application/json", dumps(case_1_1(cf_package())), {})}
    with case_server(routes) as base:
        call_command("import_case", base + package_path(DOC_ID), stdout=StringIO())
    assert Framework.objects.get().case_identifier == DOC_ID
