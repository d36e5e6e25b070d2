"""The suitability tab of a community and the ranking of communities (programme managers)."""

from celery.result import AsyncResult
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from assessments import selectors, services
from assessments.forms import AltaiRatingForm, RankingFilterForm
from assessments.tasks import score_all_communities_task, score_community_task
from communities.models import Community
from config.celery import enqueue

view_required = permission_required("assessments.view_communityscore", raise_exception=True)
edit_required = permission_required("assessments.add_answer", raise_exception=True)

QUEUE_DOWN = (
    "The job queue cannot be reached right now, so the rescore was not started. Nothing is "
    "lost: the nightly run rescores every community. Try again in a few minutes."
)


@view_required
def suitability(request, pk):
    community = get_object_or_404(Community, pk=pk)
    score = selectors.latest_score(community=community)
    history = [
        {
            "date": s.computed_at.strftime("%Y-%m-%d %H:%M"),
            "score": float(s.score or 0),
            "coverage": float(s.coverage),
            "band": s.band,
        }
        for s in selectors.score_history(community=community)
    ]
    return render(
        request,
        "assessments/suitability.html",
        {
            "community": community,
            "score": score,
            "history": history,
            "form": AltaiRatingForm(),
            "task_id": request.GET.get("task", ""),
            "missing": selectors.missing_for_favourable(score.criteria if score else []),
            "texts": selectors.criterion_texts(score),
        },
    )


@require_POST
@edit_required
def altai_rate(request, pk):
    community = get_object_or_404(Community, pk=pk)
    form = AltaiRatingForm(request.POST)
    if form.is_valid():
        try:
            services.altai_rating_set(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
            return redirect("assessments:suitability", pk=community.pk)
        services.community_score(community_ids=[community.pk], actor=request.user)
        messages.success(
            request,
            _("Criterion %(value)s recorded and the community rescored.")
            % {"value": form.cleaned_data["item_code"]},
        )
    else:
        messages.error(request, _("Choose a rating."))
    return redirect("assessments:suitability", pk=community.pk)


@require_POST
@edit_required
def rescore(request, pk):
    community = get_object_or_404(Community, pk=pk)
    result = enqueue(score_community_task, community.pk)
    if result is None:
        messages.error(request, QUEUE_DOWN)
        return redirect("assessments:suitability", pk=community.pk)
    if result.ready():  # eager mode: already done
        messages.success(request, _("Rescored."))
        return redirect("assessments:suitability", pk=community.pk)
    return redirect(f"{reverse('assessments:suitability', kwargs={'pk': pk})}?task={result.id}")


@require_POST
@edit_required
def rescore_all(request):
    result = enqueue(score_all_communities_task)
    if result is None:
        messages.error(request, QUEUE_DOWN)
        return redirect("assessments:ranking")
    if result.ready():
        messages.success(
            request, _("All communities rescored (%(count)s new scores).") % {"count": result.get()}
        )
        return redirect("assessments:ranking")
    return redirect(f"{reverse('assessments:ranking')}?task={result.id}")


@view_required
def task_status(request, task_id):
    """Progress of a scoring job, polled by the page's progress bar."""
    result = AsyncResult(task_id)
    info = result.info if isinstance(result.info, dict) else {}
    return JsonResponse(
        {
            "state": result.state,
            "done": info.get("done", 0),
            "total": info.get("total", 0),
            "ready": result.ready(),
        }
    )


@view_required
def ranking(request):
    form = RankingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.ranking(
        country=data.get("country") or "",
        band=data.get("band") or "",
        min_coverage=data.get("min_coverage"),
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    rows = [(c, selectors.missing_for_favourable(c.criteria)) for c in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "assessments/ranking.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": params.urlencode(),
            "task_id": request.GET.get("task", ""),
        },
    )
