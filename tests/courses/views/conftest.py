"""Fixtures for the courses pages: a shelf of published modules, published and
unpublished exemplars with files."""

import pytest
from django.core.files.base import ContentFile

from courses import services
from courses.models import ExemplarArtifact
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module


@pytest.fixture
def shelf(library):
    """Four more published modules with distinct minutes, tags, formats and competencies."""
    comp_a = library.module.competencies.get()
    comp_b = CompetencyFactory(statement="Designs inquiry-based science investigations.")
    made = {
        "exit": library.module,  # 15 min, 6-8, math, micro, comp_a
        "talk": build_module(
            library.coach,
            library.district,
            slug="number-talks",
            title="Number talks in ten minutes",
            summary="Warm up with mental math and student explanations.",
            minutes=10,
            competency=comp_a,
            grade_bands=["3-5"],
        ),
        "lab": build_module(
            library.coach,
            library.district,
            slug="inquiry-labs",
            title="Inquiry labs",
            summary="Turn a cookbook lab into an investigation.",
            minutes=45,
            competency=comp_b,
            grade_bands=["9-12"],
            subjects=["science"],
            format="workshop",
        ),
        "any": build_module(
            library.coach,
            library.district,
            slug="wait-time",
            title="Wait time",
            summary="Count to five after a question.",
            minutes=5,
            grade_bands=["all"],
            subjects=["general"],
            format="video",
        ),
        "deep": build_module(
            library.coach,
            library.district,
            slug="feedback-loops",
            title="Feedback loops",
            summary="A longer course on feedback: why students wait for it.",
            minutes=90,
            format="self-paced",
        ),
    }
    return made, comp_a, comp_b


@pytest.fixture
def exemplars(library):
    standard = CompetencyFactory(statement="Uses formative assessment to adjust instruction.")
    shown = services.exemplar_create(
        actor=library.coach,
        organization=library.district,
        slug="fraction-exit-tickets",
        title="Fraction exit tickets in grade 7",
        grade_band="6-8",
        subject="math",
        lesson_flow="1. Warm-up\n2. **Mini-lesson**\n\n<script>alert(1)</script>",
        pedagogical_value="Students see their own *misconceptions*.",
        reflection="Next time I would sort the tickets with the students.",
        standards=[standard],
        artifacts=[
            {
                "kind": "video",
                "title": "Lesson video",
                "url": "https://video.example.org/7b",
                "annotation": "At 03:10 notice the wait time.",
            },
            {"kind": "slides", "title": "Slides", "url": "https://slides.example.org/7b"},
        ],
    )
    shown = services.exemplar_publish(actor=library.admin, exemplar=shown)
    upload = ExemplarArtifact(exemplar=shown, kind="file", title="Exit ticket template")
    upload.file.save("ticket.pdf", ContentFile(b"%PDF-1.4 ticket"), save=False)
    upload.content_type = "application/pdf"
    upload.save()
    hidden = services.exemplar_create(
        actor=library.coach,
        organization=library.district,
        slug="science-draft",
        title="Science draft",
        grade_band="9-12",
        subject="science",
        lesson_flow="x",
        pedagogical_value="y",
    )
    hidden_file = ExemplarArtifact(exemplar=hidden, kind="file", title="Secret")
    hidden_file.file.save("s.pdf", ContentFile(b"%PDF-1.4 s"), save=False)
    hidden_file.save()
    return shown, hidden, standard, upload, hidden_file
