"""The indicator catalogue: what each figure on a dashboard means, in the programme's words.

Each ``Indicator`` names its numerator, denominator and unit, and the dimensions it may be
broken down by. The definitions here are the ones printed on the definition pages and in
exports; ``ujuzi.reports.services`` computes exactly what they say.

Two terms used throughout:

- a **track** is the course's industry partner certification track when it has one,
  otherwise the course's programme; a track is **technical** when it is a partner
  certification track or its programme is listed as technical in the mappings
  (``ujuzi/reports/data/mappings.json``: by default the youth digital skills and jobs
  programme and the industry certification tracks programme);
- a **graduate** is a person who completed at least one course of a technical track.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A translatable text: a plain string or a lazy translation, rendered in the request's language.
Text = str | Promise


@dataclass(frozen=True)
class Dimension:
    """A way to break a figure down (sex, county, track…)."""

    code: str
    name: Text
    # Whether the dimension describes the person (sensitive or not) rather than the course.
    describes_person: bool = False


@dataclass(frozen=True)
class Indicator:
    """One figure of the catalogue, with the words that define it."""

    code: str
    name: Text
    definition: Text
    numerator: Text
    denominator: Text
    unit: str  # "people", "proportion", "mean" or "count"
    dimensions: tuple[str, ...]
    # What the counts behind the figure count: "people" (suppressed below the threshold) or
    # "sites" (places are not personal: never suppressed).
    counts: str = "people"

    @property
    def is_proportion(self) -> bool:
        """Proportions carry a denominator and a Wilson interval."""
        return self.unit == "proportion"


DIMENSIONS: dict[str, Dimension] = {
    dimension.code: dimension
    for dimension in (
        Dimension("sex", _("sex"), describes_person=True),
        Dimension("age_band", _("age band"), describes_person=True),
        Dimension("disability", _("disability"), describes_person=True),
        Dimension("county", _("county"), describes_person=True),
        Dimension("urban_rural", _("urban or rural county"), describes_person=True),
        Dimension("institution", _("institution"), describes_person=True),
        Dimension("grade_band", _("grade band"), describes_person=True),
        Dimension("audience", _("audience"), describes_person=True),
        Dimension("programme", _("programme")),
        Dimension("track", _("track")),
        Dimension("site_kind", _("kind of site")),
        Dimension("cohort", _("cohort")),
        Dimension("period", _("period (month)")),
    )
}

PERSON = ("sex", "age_band", "disability", "county", "urban_rural", "institution", "grade_band")
COURSE = ("programme", "track", "site_kind", "cohort", "period")
ALL = (*PERSON, "audience", *COURSE)

INDICATORS: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in (
        Indicator(
            code="enrolled",
            name=_("People enrolled"),
            definition=_(
                "Distinct people who held a seat in at least one cohort that starts in the "
                "period (enrolled, completed, did not complete or dropped out; people who "
                "only waited for a seat or withdrew before the start are not counted)."
            ),
            numerator=_("people with a seat in a cohort starting in the period"),
            denominator="",
            unit="people",
            dimensions=ALL,
        ),
        Indicator(
            code="completed",
            name=_("People who completed"),
            definition=_(
                "Distinct people who completed at least one course, under the course's "
                "completion rule, on a date in the period."
            ),
            numerator=_("people with a completion dated in the period"),
            denominator="",
            unit="people",
            dimensions=ALL,
        ),
        Indicator(
            code="completion_rate",
            name=_("Completion rate"),
            definition=_(
                "Of the people whose place in a cohort starting in the period has finished "
                "(completed, did not complete or dropped out), the share who completed."
            ),
            numerator=_("people who completed a cohort starting in the period"),
            denominator=_("people with a finished place in a cohort starting in the period"),
            unit="proportion",
            dimensions=ALL,
        ),
        Indicator(
            code="officers_trained",
            name=_("Officers trained"),
            definition=_(
                "Distinct civil servants who completed at least one course in the period, "
                "by programme and partner track."
            ),
            numerator=_("civil servants with a completion dated in the period"),
            denominator="",
            unit="people",
            dimensions=(*PERSON, *COURSE),
        ),
        Indicator(
            code="certificates_issued",
            name=_("Certificates issued"),
            definition=_(
                "Certificates (signed Open Badges credentials) issued for completions dated "
                "in the period and not revoked. Each completion earns at most one."
            ),
            numerator=_("certificates issued and not revoked"),
            denominator="",
            unit="count",
            dimensions=ALL,
        ),
        Indicator(
            code="follow_up_response_rate",
            name=_("Follow-up response rate (12 months)"),
            definition=_(
                "Of the people who completed a course in the period and whose 12-month "
                "follow-up has closed or been answered, the share who answered it within "
                "its window (month 11 to month 14 after the completion)."
            ),
            numerator=_("people who answered a 12-month follow-up in its window"),
            denominator=_("people whose 12-month follow-up was answered or has closed"),
            unit="proportion",
            dimensions=ALL,
        ),
        Indicator(
            code="conversion_respondents",
            name=_("Skills-to-jobs conversion at 12 months, among respondents"),
            definition=_(
                "Graduates outside the civil service (young people and others) whose "
                "12-month outcome is known (they answered the 12-month follow-up between "
                "month 11 and month 14, or a verified placement is recorded): the share "
                "holding a technology role that started no later than 365 days after the "
                "completion. Completions dated in the period."
            ),
            numerator=_("graduates with a technology role started within 365 days"),
            denominator=_("graduates with a known 12-month outcome"),
            unit="proportion",
            dimensions=(*PERSON, "audience", *COURSE),
        ),
        Indicator(
            code="conversion_graduates",
            name=_("Skills-to-jobs conversion at 12 months, among all graduates"),
            definition=_(
                "Graduates outside the civil service whose 12-month follow-up has closed, "
                "been answered, or who have a verified placement: the share holding a "
                "technology role that started no later than 365 days after the completion. "
                "Graduates who did not answer count as unknown (in the denominator only), "
                "never as unemployed. Completions dated in the period."
            ),
            numerator=_("graduates with a technology role started within 365 days"),
            denominator=_("graduates whose 12-month follow-up is over or who were placed"),
            unit="proportion",
            dimensions=(*PERSON, "audience", *COURSE),
        ),
        Indicator(
            code="outcome_unknown",
            name=_("Graduates whose 12-month outcome is unknown"),
            definition=_(
                "Graduates outside the civil service whose 12-month follow-up closed "
                "without an answer in its window and who have no verified placement, as a "
                "share of the denominator of the conversion among all graduates."
            ),
            numerator=_("graduates with no answer and no verified placement"),
            denominator=_("graduates whose 12-month follow-up is over or who were placed"),
            unit="proportion",
            dimensions=(*PERSON, "audience", *COURSE),
        ),
        Indicator(
            code="applied_skills",
            name=_("Officers who applied their skills"),
            definition=_(
                "Civil servants who completed a course in the period and answered its "
                "12-month follow-up in the window: the share reporting new digital "
                "responsibilities, a promotion or a digital project they led."
            ),
            numerator=_("respondents with new digital responsibilities, a promotion or a project"),
            denominator=_("civil servants who answered the 12-month follow-up"),
            unit="proportion",
            dimensions=(*PERSON, *COURSE),
        ),
        Indicator(
            code="mean_gap_closed",
            name=_("Mean gap closed per competency"),
            definition=_(
                "For each completion dated in the period and each competency its course "
                "develops: the levels gained, that is the level the course brings a learner "
                "to minus the learner's highest evidenced level before the cohort started "
                "(zero when they were already there), averaged over completions."
            ),
            numerator=_("sum of levels gained"),
            denominator=_("completions times the competencies their courses develop"),
            unit="mean",
            dimensions=(*PERSON, "audience", *COURSE, "competency"),
        ),
        Indicator(
            code="share_women",
            name=_("Share of women"),
            definition=_(
                "Of the people enrolled (as above) whose sex is recorded, the share who are women."
            ),
            numerator=_("women enrolled"),
            denominator=_("people enrolled whose sex is recorded"),
            unit="proportion",
            dimensions=tuple(code for code in ALL if code != "sex"),
        ),
        Indicator(
            code="share_disability",
            name=_("Share of people with a disability"),
            definition=_(
                "Of the people enrolled who answered the Washington Group short set, the "
                "share with a disability (a lot of difficulty or cannot do at all in at "
                "least one domain)."
            ),
            numerator=_("people enrolled with a disability"),
            denominator=_("people enrolled who answered the Washington Group questions"),
            unit="proportion",
            dimensions=tuple(code for code in ALL if code != "disability"),
        ),
        Indicator(
            code="share_rural",
            name=_("Share of learners from rural counties"),
            definition=_(
                "Of the people enrolled whose county is recorded, the share from a county "
                "classified as rural in the mappings."
            ),
            numerator=_("people enrolled from rural counties"),
            denominator=_("people enrolled whose county is recorded"),
            unit="proportion",
            dimensions=tuple(code for code in ALL if code not in ("urban_rural",)),
        ),
        Indicator(
            code="coverage_community_centres",
            name=_("Coverage of community digital centres"),
            definition=_(
                "Of the community digital centres, the share where at least one cohort "
                "(not cancelled) starts in the period."
            ),
            numerator=_("community digital centres with a cohort in the period"),
            denominator=_("community digital centres"),
            unit="proportion",
            dimensions=("county", "urban_rural"),
            counts="sites",
        ),
        Indicator(
            code="coverage_mobile_lab_stops",
            name=_("Coverage of mobile-lab stops"),
            definition=_(
                "Of the mobile-lab stops scheduled in the period, the share where at least "
                "one cohort (not cancelled) ran."
            ),
            numerator=_("mobile-lab stops with a cohort"),
            denominator=_("mobile-lab stops in the period"),
            unit="proportion",
            dimensions=("county", "urban_rural"),
            counts="sites",
        ),
    )
}

# The competency dimension only applies to the mean gap closed.
DIMENSIONS["competency"] = Dimension("competency", _("competency"))
