"""The "Tổng hợp" page: key figures in Vietnamese, four charts that fit the window, PNG export."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.axes import Axes
from matplotlib.font_manager import findfont
from matplotlib.text import Text
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.domain.round import RoundInfo, RoundKind, RoundStatus
from ranoat.domain.transition import Transition
from ranoat.domain.vietnamese import format_number
from ranoat.operations.dashboard import Dashboard, Figures, IndicatorCount, TransitionCount, round_dashboard
from ranoat.operations.rounds import VillageProgress, list_rounds
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.widgets.dashboard_page import (
    MAX_VILLAGE_ROWS,
    NO_MOVEMENT,
    NO_MOVEMENT_DATA,
    DashboardPage,
    format_percent,
    shorten,
)

PAGE_AREA = (1220, 700)  # what the main window leaves for a page at 1366×768


@pytest.fixture(scope="module")
def demo_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Dashboard:
    """The latest round of a 1,300-household demo commune (8 villages)."""
    path = tmp_path_factory.mktemp("dashboard-page") / "xa.sqlite3"
    create_demo(path, households=1300, seed=4)
    database = open_database(path)
    try:
        with database.session() as session:
            return round_dashboard(session, list_rounds(session)[0].id, load_all())
    finally:
        database.close()


@pytest.fixture
def page(qtbot: QtBot) -> DashboardPage:
    widget = DashboardPage()
    qtbot.addWidget(widget)
    widget.resize(*PAGE_AREA)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def bars(axes: Axes) -> int:
    return len(axes.patches)


def tick_labels(axes: Axes, axis: str = "y") -> list[str]:
    labels = axes.get_yticklabels() if axis == "y" else axes.get_xticklabels()
    return [t.get_text() for t in labels]


def texts(axes: Axes) -> list[str]:
    return [t.get_text() for t in axes.texts]


def with_movements(base: Dashboard, counts: dict[Transition, int]) -> Dashboard:
    """The demo's figures in an open round, with these movements (none at all when ``counts`` is empty)."""
    transitions = tuple(TransitionCount(kind, counts.get(kind, 0), 4 * counts.get(kind, 0)) for kind in Transition)
    return replace(
        base,
        round=RoundInfo(9, 2026, RoundKind.PERIODIC, "2022-2025", RoundStatus.OPEN, None),
        transitions=transitions,
    )


def test_header_shows_the_key_figures_in_vietnamese(page: DashboardPage, demo_dashboard: Dashboard) -> None:
    page.show_round(demo_dashboard)
    c = demo_dashboard.commune
    assert page.title.text() == (
        f"Xã Bản Mẫu (dữ liệu mô phỏng) — Rà soát định kỳ năm {demo_dashboard.round.year} — chuẩn 2022-2025"
        " (đã có quyết định)"
    )
    households = page.households_figure.text()
    assert re.search(r"<b>1\.2\d\d</b> hộ", households)  # 1,300 households less any that left; a dot groups
    assert f"<b>{format_number(c.households)}</b> hộ" in households
    assert re.search(r"<b>\d\.\d{3}</b> nhân khẩu", households)
    assert f"<b>{format_number(c.people)}</b> nhân khẩu" in households
    poor = page.poor_figure.text()
    assert f"<b>{c.poor_households}</b> hộ (<b>{format_percent(c.poor_household_rate)}</b>)" in poor
    assert re.search(r"\(<b>1\d,\d%</b>\)", poor)  # about 14%: decimal comma, one decimal
    assert f"{format_number(c.poor_people)} nhân khẩu ({format_percent(c.poor_people_rate)})" in poor
    assert format_percent(c.near_poor_household_rate) in page.near_poor_figure.text()
    surveyed = sum(p.surveyed for p in demo_dashboard.progress)
    to_review = sum(p.to_review for p in demo_dashboard.progress)
    checked = sum(p.checked for p in demo_dashboard.progress)
    assert (
        f"<b>{format_number(surveyed)}</b>/{format_number(to_review)} hộ đã nhập · {format_number(checked)} đã kiểm tra"
        in page.progress_figure.text()
    )
    assert page.export_button.isEnabled()


def test_formatting_helpers() -> None:
    assert format_percent(100 * 1 / 7) == "14,3%"
    assert format_percent(8.0) == "8,0%"
    assert format_percent(0.04) == "0,0%"
    assert shorten("Thôn Khuổi Cáy", 18) == "Thôn Khuổi Cáy"
    assert shorten("Phương tiện phục vụ tiếp cận thông tin", 20) == "Phương tiện phục vụ…"
    assert len(shorten("x" * 50, 20)) == 20


def test_the_four_charts_of_the_demo_round(page: DashboardPage, demo_dashboard: Dashboard) -> None:
    assert demo_dashboard.has_movements
    page.show_round(demo_dashboard)
    page.canvas.draw()
    villages = [v for v in demo_dashboard.villages if v.households]
    assert len(villages) == 8

    # (a) poor + near-poor rate by village, stacked, highest poor rate at the top
    rates = page.rate_axes
    assert bars(rates) == 2 * len(villages)
    ordered = sorted(villages, key=lambda v: (-v.poor_household_rate, -v.near_poor_household_rate, v.name))
    assert tick_labels(rates) == [v.name for v in ordered]
    assert rates.get_ylim()[0] > rates.get_ylim()[1]  # inverted: the first village is drawn at the top
    widths = [p.get_width() for p in rates.patches][: len(villages)]  # type: ignore[attr-defined]
    assert widths == [v.poor_household_rate for v in ordered]
    assert all(label.endswith("%") and "." not in label for label in tick_labels(rates, "x"))
    legend = rates.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        f"Tỷ lệ nghèo toàn xã ({format_percent(demo_dashboard.commune.poor_household_rate)})",
        "Hộ nghèo",
        "Hộ cận nghèo",
    ]

    # (b) deprivation: a poor and a near-poor bar per indicator of the standard, in report order
    indicators = page.indicator_axes
    assert bars(indicators) == 2 * 12
    assert tick_labels(indicators)[0] == "Việc làm"
    assert tick_labels(indicators)[-1] == "Phương tiện phục vụ tiếp cận thông tin"
    heights = [p.get_width() for p in indicators.patches]  # type: ignore[attr-defined]
    assert heights[:12] == [i.poor for i in demo_dashboard.indicators]
    assert heights[12:] == [i.near_poor for i in demo_dashboard.indicators]

    # (c) transitions: a bar per kind of movement (staying is not one)
    assert bars(page.transition_axes) == len(tick_labels(page.transition_axes)) == 10
    shown = dict(zip(tick_labels(page.transition_axes), page.transition_axes.patches, strict=True))
    assert shown["Thoát nghèo"].get_width() == demo_dashboard.transition_households(Transition.POOR_TO_OUT) > 0  # type: ignore[attr-defined]

    # (d) Phiếu B per village, stacked: checked / entered / not yet
    progress = page.progress_axes
    assert bars(progress) == 3 * len(demo_dashboard.progress) == 3 * 8
    not_yet = [p.get_width() for p in progress.patches][2 * 8 :]  # type: ignore[attr-defined]
    assert not_yet == [p.not_yet for p in demo_dashboard.progress]
    assert tick_labels(progress) == [p.village for p in demo_dashboard.progress]
    legend = progress.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["Đã kiểm tra", "Đã nhập", "Chưa nhập"]


def test_transitions_chart_has_a_bar_per_movement_with_vietnamese_labels(
    page: DashboardPage, demo_dashboard: Dashboard
) -> None:
    counts = {Transition.POOR_TO_OUT: 1234, Transition.FELL_BACK_POOR: 7, Transition.NEW_POOR: 31}
    counts |= {Transition.STAYED_OUT: 4000, Transition.STAYED_POOR: 600}  # staying is not a movement
    page.show_round(with_movements(demo_dashboard, counts))
    page.canvas.draw()
    axes = page.transition_axes
    labels = tick_labels(axes)
    assert bars(axes) == len(labels) == 10
    assert labels[:4] == ["Thoát nghèo", "Nghèo → cận nghèo", "Tái nghèo", "Nghèo phát sinh mới"]
    assert "Thoát cận nghèo" in labels
    assert "Cận nghèo phát sinh mới" in labels
    assert not any(label.startswith("Vẫn") for label in labels)
    values = dict(zip(labels, [p.get_width() for p in axes.patches], strict=True))  # type: ignore[attr-defined]
    assert values["Thoát nghèo"] == 1234
    assert values["Tái nghèo"] == 7
    assert values["Thoát cận nghèo"] == 0
    assert "1.234" in texts(axes)  # the bar's value, formatted the Vietnamese way
    assert page.title.text().endswith("năm 2026 — chuẩn 2022-2025")  # an open round: no decision yet

    page.show_round(with_movements(demo_dashboard, {Transition.STAYED_OUT: 900}))
    assert bars(page.transition_axes) == 0
    assert texts(page.transition_axes) == [NO_MOVEMENT]

    # a round without start statuses (as in a database from before rounds had them) says so
    page.show_round(with_movements(demo_dashboard, {}))
    assert bars(page.transition_axes) == 0
    assert texts(page.transition_axes) == [NO_MOVEMENT_DATA] == ["Chưa có dữ liệu biến động"]


def crowded(base: Dashboard, villages: int) -> Dashboard:
    """A big commune: many villages with long names, every kind of movement."""
    figures = tuple(
        Figures(f"Thôn Khuổi Slằng Phìn Hồ {n}", 150 + n, 600 + n, 10 + n % 17, 40 + n, 9 + n % 5, 30, village_id=n)
        for n in range(1, villages + 1)
    )
    progress = tuple(
        VillageProgress(f.village_id or 0, f.name, 60 + n, 40 + n % 20, 25, 20 + n - n % 20, None)
        for n, f in enumerate(figures)
    )
    return Dashboard(
        round=base.round,
        commune=base.commune,
        villages=figures,
        indicators=base.indicators,
        poor_surveyed=base.poor_surveyed,
        near_poor_surveyed=base.near_poor_surveyed,
        transitions=tuple(TransitionCount(kind, 10 + 37 * i, 40 + i) for i, kind in enumerate(Transition)),
        progress=progress,
    )


@pytest.mark.parametrize("villages", [8, 31, 40])
def test_charts_fit_the_page_area_without_overlapping_text(
    page: DashboardPage, demo_dashboard: Dashboard, villages: int
) -> None:
    page.show_round(demo_dashboard if villages == 8 else crowded(demo_dashboard, villages))
    page.canvas.draw()  # warnings fail the test: a missing glyph, a layout that cannot be made
    renderer = page.canvas.get_renderer()
    figure_box = page.figure.bbox
    assert page.canvas.width() <= PAGE_AREA[0]
    assert page.canvas.height() <= PAGE_AREA[1]
    for axes in (page.rate_axes, page.indicator_axes, page.transition_axes, page.progress_axes):
        whole = axes.get_tightbbox(renderer)  # tick labels, title and legend: all inside the figure
        assert whole is not None
        title = axes.get_title(loc="left")
        assert figure_box.x0 - 1 <= whole.x0, title
        assert whole.x1 <= figure_box.x1 + 1, title
        assert figure_box.y0 - 1 <= whole.y0, title
        assert whole.y1 <= figure_box.y1 + 1, title
        shown: list[Text] = [t for t in axes.get_yticklabels() + axes.get_xticklabels() if t.get_text()]
        legend = axes.get_legend()
        if legend is not None:
            shown += legend.get_texts()
        for text in shown:
            assert Path(findfont(text.get_fontproperties())).name == "DejaVuSans.ttf"
        for labels in (axes.get_yticklabels(), axes.get_xticklabels()):
            boxes = [t.get_window_extent(renderer) for t in labels if t.get_text()]
            for first, second in itertools.pairwise(boxes):
                overlap = min(first.y1, second.y1) - max(first.y0, second.y0)
                side_by_side = min(first.x1, second.x1) - max(first.x0, second.x0)
                assert overlap <= 1 or side_by_side <= 1, axes.get_title(loc="left")
    # the four charts do not overlap one another
    charts = [a.get_tightbbox(renderer) for a in page.figure.axes]
    for i, chart in enumerate(charts):
        for other in charts[i + 1 :]:
            assert chart is not None
            assert other is not None
            assert not chart.overlaps(other)


def test_export_writes_a_png_of_the_charts(
    qtbot: QtBot, page: DashboardPage, demo_dashboard: Dashboard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.show_round(demo_dashboard)
    written = page.export_png(tmp_path / "tong-hop.png")
    image = QImage(str(written))
    assert not image.isNull()
    assert image.width() > 1500  # 150 dpi: sharper than the screen
    assert page.figure.get_suptitle() == ""  # the export's heading is not left on screen

    chosen = tmp_path / "bao-cao"  # the officer typed no extension
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(chosen), ""))
    with qtbot.waitSignal(page.exported) as signal:
        page.export_button.click()
    assert signal.args == [tmp_path / "bao-cao.png"]
    assert (tmp_path / "bao-cao.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_empty_page_cannot_export(page: DashboardPage) -> None:
    assert not page.export_button.isEnabled()
    assert page.title.text() == "Chọn một kỳ rà soát để xem tổng hợp."
    with pytest.raises(ValueError, match="no round"):
        page.export_png(Path("unused.png"))


def test_a_round_without_households_draws_messages_not_charts(page: DashboardPage) -> None:
    empty = Dashboard(
        round=RoundInfo(1, 2026, RoundKind.REGULAR, "2022-2025", RoundStatus.OPEN, 3),
        commune=Figures("Xã Mới", 0, 0, 0, 0, 0, 0),
        villages=(Figures("Thôn Một", 0, 0, 0, 0, 0, 0, village_id=1),),
        indicators=(IndicatorCount("employment", "Việc làm", 1, 0, 0),),
        poor_surveyed=0,
        near_poor_surveyed=0,
        transitions=tuple(TransitionCount(kind, 0, 0) for kind in Transition),
        progress=(),
    )
    page.show_round(empty)
    page.canvas.draw()
    for axes in (page.rate_axes, page.indicator_axes, page.transition_axes, page.progress_axes):
        assert bars(axes) == 0
        assert len(texts(axes)) == 1
    assert "<b>0</b> hộ" in page.households_figure.text()
    assert "0,0%" in page.poor_figure.text()


def test_a_big_commune_shows_the_villages_that_need_attention_most(
    page: DashboardPage, demo_dashboard: Dashboard
) -> None:
    big = crowded(demo_dashboard, 75)  # a merged commune
    page.show_round(big)
    page.canvas.draw()
    rates = page.rate_axes
    assert len(tick_labels(rates)) == MAX_VILLAGE_ROWS == 32
    assert "32/75 thôn" in rates.get_title(loc="left")
    shown = [p.get_width() for p in rates.patches][:32]  # type: ignore[attr-defined]
    assert shown == sorted((v.poor_household_rate for v in big.villages), reverse=True)[:32]

    progress = page.progress_axes
    assert len(tick_labels(progress)) == 32
    assert "32/75 thôn" in progress.get_title(loc="left")
    left = sorted((p.to_review - p.checked for p in big.progress), reverse=True)
    checked = [p.get_width() for p in progress.patches][:32]  # type: ignore[attr-defined]
    entered_and_not_yet = [p.get_width() for p in progress.patches][32:]  # type: ignore[attr-defined]
    remaining = [entered_and_not_yet[i] + entered_and_not_yet[32 + i] for i in range(32)]
    assert sorted(remaining, reverse=True) == left[:32]
    assert len(checked) == 32
