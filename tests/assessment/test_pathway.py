"""Pathways: prerequisites first, the largest weighted gap first, reachable offerings preferred."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ujuzi.assessment.pathway import CourseFacts, Need, pathway_plan

COMPETENCIES = [f"K{n}" for n in range(8)]


@st.composite
def catalogues(draw):
    count = draw(st.integers(min_value=1, max_value=25))
    courses = {}
    for index in range(count):
        code = f"C{index:02d}"
        touched = draw(st.lists(st.sampled_from(COMPETENCIES), min_size=1, max_size=3, unique=True))
        outcomes = {c: draw(st.integers(min_value=1, max_value=4)) for c in touched}
        earlier = [f"C{n:02d}" for n in range(index)]
        prerequisites = (
            draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
        )
        courses[code] = CourseFacts(
            code=code,
            outcomes=outcomes,
            prerequisites=prerequisites,
            languages=frozenset(draw(st.sampled_from([{"en"}, {"sw"}, {"en", "sw"}]))),
            reachable=draw(st.booleans()),
            duration_hours=draw(st.integers(min_value=4, max_value=80)),
        )
    needs = {}
    for competency in draw(st.lists(st.sampled_from(COMPETENCIES), min_size=1, unique=True)):
        target = draw(st.integers(min_value=1, max_value=4))
        needs[competency] = Need(
            target=target,
            current=draw(st.integers(min_value=0, max_value=4)),
            weight=draw(st.integers(min_value=1, max_value=3)),
        )
    return needs, courses


def lacks(course: CourseFacts, levels: dict) -> bool:
    return any(levels.get(c, 0) < level for c, level in course.outcomes.items())


def prerequisites_of(code: str, courses: dict) -> set[str]:
    found: set[str] = set()
    frontier = [code]
    while frontier:
        for required in courses[frontier.pop()].prerequisites:
            if required not in found:
                found.add(required)
                frontier.append(required)
    return found


@given(catalogues())
def test_no_course_comes_before_a_prerequisite_the_person_lacks(case):
    needs, courses = case
    plan = pathway_plan(needs, courses)
    levels = {c: need.current for c, need in needs.items()}
    seen: set[str] = set()
    for step in plan.steps:
        for required in courses[step.code].prerequisites:
            assert required in seen or not lacks(courses[required], levels), (step.code, required)
        seen.add(step.code)
        for competency, level in courses[step.code].outcomes.items():
            levels[competency] = max(levels.get(competency, 0), level)
    assert len(seen) == len(plan.steps), "a course is listed twice"


@given(catalogues())
def test_the_first_course_addresses_the_largest_weighted_gap_or_leads_to_it(case):
    needs, courses = case
    plan = pathway_plan(needs, courses)
    addressable = [
        c
        for c, need in needs.items()
        if need.weighted_gap > 0
        and any(course.outcomes.get(c, 0) > need.current for course in courses.values())
    ]
    if not addressable:
        assert plan.steps == []
        return
    largest = max(needs[c].weighted_gap for c in addressable)
    first = plan.steps[0]
    chosen = next(step for step in plan.steps if step.competency is not None)
    assert needs[chosen.competency].weighted_gap == largest
    assert courses[chosen.code].outcomes[chosen.competency] > needs[chosen.competency].current
    assert first.code == chosen.code or first.code in prerequisites_of(chosen.code, courses)


def test_reachable_courses_in_the_persons_language_are_preferred_and_reasons_kept():
    needs = {"CS": Need(target=3, current=1, weight=2), "AI": Need(target=2, current=1)}
    courses = {
        "FAR": CourseFacts("FAR", {"CS": 3}, reachable=False, languages=frozenset({"sw"})),
        "NEAR-EN": CourseFacts("NEAR-EN", {"CS": 3}, languages=frozenset({"en"})),
        "NEAR-SW": CourseFacts(
            "NEAR-SW", {"CS": 3}, prerequisites=["BASICS"], languages=frozenset({"sw"})
        ),
        "BASICS": CourseFacts("BASICS", {"CS": 2}, languages=frozenset({"sw"})),
        "AI-1": CourseFacts("AI-1", {"AI": 2}),
    }
    plan = pathway_plan(needs, courses, language="sw")
    assert [step.code for step in plan.steps] == ["BASICS", "NEAR-SW", "AI-1"]
    assert plan.steps[0].prerequisite_for == "NEAR-SW"
    assert (plan.steps[1].competency, plan.steps[1].current, plan.steps[1].target) == ("CS", 1, 3)


def test_a_prerequisite_already_mastered_is_skipped_and_cycles_do_not_loop():
    needs = {"CS": Need(target=3, current=2)}
    courses = {
        "A": CourseFacts("A", {"CS": 2}, prerequisites=["B"]),
        "B": CourseFacts("B", {"CS": 3}, prerequisites=["A"]),
    }
    plan = pathway_plan(needs, courses)
    assert [step.code for step in plan.steps] == ["B"]


def test_gaps_no_course_closes_are_reported():
    plan = pathway_plan({"GV": Need(target=2, current=0)}, {})
    assert plan.steps == [] and plan.uncovered == ["GV"]


def test_a_completed_course_is_never_recommended_again_whatever_the_estimate():
    needs = {"DL": Need(target=3, current=1)}
    courses = {
        "BASICS": CourseFacts("BASICS", {"DL": 2}),
        "NEXT": CourseFacts("NEXT", {"DL": 3}, prerequisites=["BASICS"]),
    }

    assert [s.code for s in pathway_plan(needs, courses).steps] == ["BASICS", "NEXT"]
    plan = pathway_plan(needs, courses, completed=frozenset({"BASICS"}))
    assert [s.code for s in plan.steps] == ["NEXT"]


@given(catalogues(), st.data())
def test_no_completed_course_is_ever_planned(case, data):
    needs, courses = case
    completed = frozenset(data.draw(st.lists(st.sampled_from(sorted(courses)), unique=True)))

    plan = pathway_plan(needs, courses, completed=completed)

    assert not {step.code for step in plan.steps} & completed
