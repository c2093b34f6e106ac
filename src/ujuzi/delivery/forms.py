"""Forms of cohorts and nominations: shapes and lengths only; the rules are the services'."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.catalog.models import Course
from ujuzi.catalog.selectors import CourseFilters, course_list
from ujuzi.core.bilingual import pick
from ujuzi.core.models import User
from ujuzi.places.models import RouteStop, Site

MAX_NOMINATIONS_AT_ONCE = 50


class CohortFilterForm(forms.Form):
    """Narrow the cohort list."""

    course = forms.CharField(label=_("Course code"), required=False, max_length=40)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.order_by("name"), required=False
    )
    open_only = forms.BooleanField(label=_("Open to self-enrolment only"), required=False)
    past = forms.BooleanField(label=_("Include past cohorts"), required=False)


class StaffSearchForm(forms.Form):
    """Find staff to nominate by name or personal number."""

    q = forms.CharField(label=_("Name or personal number"), required=False, max_length=100)


class NominateForm(forms.Form):
    """The members of staff ticked on the nomination page."""

    person = forms.TypedMultipleChoiceField(
        label=_("Staff to nominate"), coerce=str, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        """Offer only the staff listed on the page the officer saw."""
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101 - declared above
        field.choices = choices

    def clean_person(self) -> list[str]:
        """At least one, and not a whole ministry in one click."""
        chosen: list[str] = self.cleaned_data["person"]
        if len(chosen) > MAX_NOMINATIONS_AT_ONCE:
            raise forms.ValidationError(
                _("Nominate at most %(n)d people at a time.") % {"n": MAX_NOMINATIONS_AT_ONCE}
            )
        return chosen


class DecisionForm(forms.Form):
    """Approve or decline one nomination; a decline needs a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))]
    )
    reason = forms.CharField(label=_("Reason (needed to decline)"), required=False, max_length=300)


class LeaveForm(forms.Form):
    """A learner leaves a cohort; after the start the reason is recorded."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class CourseSearchForm(forms.Form):
    """Narrow the course picker of the scheduling page (a plain GET, no script needed)."""

    q = forms.CharField(
        label=_("Find a course"),
        help_text=_("A word of its name, in English or Kiswahili, or its code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class _CourseChoices(ModelChoiceIterator):
    """Courses under their programme's title, in catalogue order, as option groups."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for programme, courses in groupby(self.queryset, key=lambda course: course.programme):
            yield (pick(programme.title), [self.choice(course) for course in courses])


class CourseChoiceField(forms.ModelChoiceField):
    """A course by its title in the reader's language, its code in brackets."""

    iterator = _CourseChoices

    def label_from_instance(self, obj: Any) -> str:
        """E.g. "Cyber hygiene (CS-101)"."""
        return f"{pick(obj.title)} ({obj.code})"


class RouteStopChoiceField(forms.ModelChoiceField):
    """A stop with its mobile lab, since several labs may stop at the same place."""

    def label_from_instance(self, obj: Any) -> str:
        """E.g. "Coast mobile lab 1: Faza (23 Mar - 17 Apr 2027)"."""
        return f"{obj.site.name}: {obj}"


class CohortForm(forms.Form):
    """Schedule a cohort; the fit of course, site, language and stop is the service's.

    ``course_search`` narrows the course picker to the matching courses (when any match;
    ``course_matches`` says how many did) and chooses a single match already.
    """

    course = CourseChoiceField(label=_("Course"), queryset=Course.objects.none())
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.order_by("name"))
    route_stop = RouteStopChoiceField(
        label=_("Stop (mobile labs only)"),
        queryset=RouteStop.objects.none(),
        required=False,
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Letters, digits and hyphens, e.g. faza-cs-101-may"),
    )
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000, initial=25)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("sw", "Kiswahili")]
    )
    is_open = forms.BooleanField(label=_("Open to self-enrolment"), required=False)
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.filter(roles__role="facilitator").distinct().order_by("username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, course_search: str = "", **kwargs: Any) -> None:
        """Offer the matching courses, and the stops that have not ended yet."""
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, CourseChoiceField)  # noqa: S101 - declared above
        # The picker needs only titles: no outcomes prefetched.
        course.queryset = course_list().prefetch_related(None)
        self.course_matches: int | None = None
        search = course_search.strip()[:100]
        if search:
            matching = course_list(CourseFilters(search=search)).prefetch_related(None)
            self.course_matches = matching.count()
            if self.course_matches:
                course.queryset = matching
            if self.course_matches == 1 and not self.is_bound:
                self.initial["course"] = matching.values_list("pk", flat=True).first()
        stop = self.fields["route_stop"]
        assert isinstance(stop, RouteStopChoiceField)  # noqa: S101 - declared above
        stop.queryset = (
            RouteStop.objects.filter(ends_on__gte=timezone.localdate())
            .select_related("site")
            .order_by("site__name", "starts_on")
        )

    def clean(self) -> dict[str, Any]:
        """The last day cannot come before the first."""
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot come before the first."))
        return data


class SessionForm(forms.Form):
    """Add one meeting to a cohort: a day and the hours, local time."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        """A session ends after it starts."""
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("A session must end after it starts."))
        return data


class CancelForm(forms.Form):
    """Cancel a cohort; learners are told the reason."""

    reason = forms.CharField(label=_("Reason, told to the learners"), max_length=300)


class CapacityForm(forms.Form):
    """Change the number of seats; more seats go to the waiting list at once."""

    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
