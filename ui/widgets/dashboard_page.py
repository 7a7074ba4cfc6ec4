"""The "Tổng hợp" page: a round's key figures and four charts, drawn by matplotlib's Qt backend.

Why matplotlib and not QtCharts: QtCharts (PySide6-Addons only) is deprecated since Qt 6.10, and its
successor Qt Graphs draws 2D charts through QML — another runtime to ship and harder to test
offscreen. matplotlib is well kept, draws the same on screen, offscreen and into a PNG, and its
DejaVu Sans font (shipped with it) has every Vietnamese letter. Only `ui/` imports it.

The page shows `ranoat.operations.dashboard.Dashboard` as it is; the caller computes it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.round import RoundStatus
from ranoat.domain.transition import Transition
from ranoat.domain.vietnamese import format_number
from ranoat.operations.dashboard import Dashboard
from ui.i18n import QT_TRANSLATE_NOOP, round_label

# DejaVu Sans ships inside matplotlib and renders Vietnamese fully, with or without system fonts.
matplotlib.rcParams["font.family"] = "DejaVu Sans"

POOR_COLOUR = "#c0392b"
NEAR_POOR_COLOUR = "#e69f00"
CHECKED_COLOUR = "#2e8b57"
ENTERED_COLOUR = "#4a90d9"
NOT_YET_COLOUR = "#c8c8c8"
OUT_COLOUR = "#2e8b57"  # leaving the lists
BETWEEN_COLOUR = "#e69f00"  # moving between poor and near-poor
IN_COLOUR = "#c0392b"  # joining the lists

TITLE_SIZE = 9.5
LABEL_SIZE = 7.5
VILLAGE_NAME_LENGTH = 18
# One row per village fits up to here at 1366×768; a bigger (merged) commune shows the villages that
# need attention most and says so in the chart's title.
MAX_VILLAGE_ROWS = 32
INDICATOR_NAME_LENGTH = 40

# The movements of forms 7.2/7.3 the chart shows (households that stayed where they were are not
# movements), in the order of the forms: leaving the poor list, then joining it, then the near-poor.
TRANSITION_LABELS: dict[Transition, str] = {  # translated where shown (self.tr in DashboardPage)
    Transition.POOR_TO_OUT: QT_TRANSLATE_NOOP("DashboardPage", "Thoát nghèo"),
    Transition.POOR_TO_NEAR_POOR: QT_TRANSLATE_NOOP("DashboardPage", "Nghèo → cận nghèo"),
    Transition.FELL_BACK_POOR: QT_TRANSLATE_NOOP("DashboardPage", "Tái nghèo"),
    Transition.NEW_POOR: QT_TRANSLATE_NOOP("DashboardPage", "Nghèo phát sinh mới"),
    Transition.NEAR_POOR_TO_OUT: QT_TRANSLATE_NOOP("DashboardPage", "Thoát cận nghèo"),
    Transition.NEAR_POOR_TO_POOR: QT_TRANSLATE_NOOP("DashboardPage", "Cận nghèo → nghèo"),
    Transition.FELL_BACK_NEAR_POOR: QT_TRANSLATE_NOOP("DashboardPage", "Tái cận nghèo"),
    Transition.NEW_NEAR_POOR: QT_TRANSLATE_NOOP("DashboardPage", "Cận nghèo phát sinh mới"),
    Transition.LEFT: QT_TRANSLATE_NOOP("DashboardPage", "Giảm khác (chết, chuyển đi…)"),
    Transition.JOINED: QT_TRANSLATE_NOOP("DashboardPage", "Tăng khác (chuyển đến, tách hộ)"),
}
TRANSITION_COLOURS: dict[Transition, str] = {
    Transition.POOR_TO_OUT: OUT_COLOUR,
    Transition.NEAR_POOR_TO_OUT: OUT_COLOUR,
    Transition.POOR_TO_NEAR_POOR: BETWEEN_COLOUR,
    Transition.NEAR_POOR_TO_POOR: BETWEEN_COLOUR,
    Transition.FELL_BACK_POOR: IN_COLOUR,
    Transition.NEW_POOR: IN_COLOUR,
    Transition.FELL_BACK_NEAR_POOR: IN_COLOUR,
    Transition.NEW_NEAR_POOR: IN_COLOUR,
    Transition.LEFT: "#7f7f7f",
    Transition.JOINED: "#7f7f7f",
}
NO_MOVEMENT_DATA = QT_TRANSLATE_NOOP("DashboardPage", "Chưa có dữ liệu biến động")
NO_MOVEMENT = QT_TRANSLATE_NOOP("DashboardPage", "Không có hộ nào biến động trong kỳ")


def format_percent(value: float) -> str:
    """14.2857 → '14,3%' (one decimal, Vietnamese decimal comma)."""
    return f"{value:.1f}".replace(".", ",") + "%"


def shorten(text: str, length: int) -> str:
    """Cut a label to ``length`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _count_axis(axes: Axes, axis: str = "x") -> None:
    """Whole numbers with Vietnamese thousands separators on a count axis."""
    target = axes.xaxis if axis == "x" else axes.yaxis
    target.set_major_locator(MaxNLocator(nbins=6, integer=True))
    target.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(int(value))))


def _percent_axis(axes: Axes) -> None:
    axes.xaxis.set_major_locator(MaxNLocator(nbins=6))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(round(value, 1)) + "%"))


def _legend_right(axes: Axes) -> None:
    """The legend beside the chart, never over its bars (constrained layout makes room for it)."""
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=LABEL_SIZE, frameon=False, borderaxespad=0)


class DashboardPage(QWidget):
    """Key figures of a round in a header, four charts below, and a PNG export of the charts."""

    exported = Signal(object)  # the Path written

    def __init__(self, parent: QWidget | None = None, *, communes: bool = False) -> None:
        """``communes``: one row per commune (the province's dashboard, `ranoat.province.dashboard`)
        instead of one per village."""
        super().__init__(parent)
        self.dashboard: Dashboard | None = None
        self.communes = communes

        self.title = QLabel(self.tr("Chọn một kỳ rà soát để xem tổng hợp."))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.export_button = QPushButton(self.tr("Xuất ảnh (PNG)…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._ask_export)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)

        # the key figures, one box each: households, poor, near-poor, Phiếu B
        self.households_figure = self._figure_box()
        self.poor_figure = self._figure_box()
        self.near_poor_figure = self._figure_box()
        self.progress_figure = self._figure_box()
        figures = QHBoxLayout()
        figures.setSpacing(6)
        for box in (self.households_figure, self.poor_figure, self.near_poor_figure, self.progress_figure):
            figures.addWidget(box, 1)

        self.figure = Figure(layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]  # matplotlib's Qt backend has no annotations
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(600, 400)
        # 2×2: the two charts with a row per village on top, where there is room for ~40 villages
        grid = self.figure.subplots(2, 2, gridspec_kw={"height_ratios": [10, 6]})
        self.rate_axes: Axes = grid[0][0]
        self.progress_axes: Axes = grid[0][1]
        self.indicator_axes: Axes = grid[1][0]
        self.transition_axes: Axes = grid[1][1]
        for axes in grid.flat:
            axes.set_axis_off()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(figures)
        layout.addWidget(self.canvas, 1)

    def _figure_box(self) -> QLabel:
        box = QLabel()
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setMargin(4)
        box.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return box

    # -- showing a round ---------------------------------------------------------------------------
    def show_round(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        state = self.tr(" (đã có quyết định)") if dashboard.round.status is RoundStatus.CLOSED else ""
        self.title.setText(f"{dashboard.commune.name} — {round_label(dashboard.round)}{state}")
        self._show_figures(dashboard)
        for axes in (self.rate_axes, self.indicator_axes, self.transition_axes, self.progress_axes):
            axes.clear()
            axes.set_axis_on()
        self._draw_rates(dashboard)
        self._draw_indicators(dashboard)
        self._draw_transitions(dashboard)
        self._draw_progress(dashboard)
        self.export_button.setEnabled(True)
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]

    def _show_figures(self, dashboard: Dashboard) -> None:
        c = dashboard.commune
        self.households_figure.setText(
            self.tr("Tổng số hộ<br><b>{households}</b> hộ · <b>{people}</b> nhân khẩu").format(
                households=format_number(c.households), people=format_number(c.people)
            )
        )
        self.poor_figure.setText(
            self.tr("Hộ nghèo<br><b>{n}</b> hộ (<b>{rate}</b>) · {people} nhân khẩu ({people_rate})").format(
                n=format_number(c.poor_households),
                rate=format_percent(c.poor_household_rate),
                people=format_number(c.poor_people),
                people_rate=format_percent(c.poor_people_rate),
            )
        )
        self.near_poor_figure.setText(
            self.tr("Hộ cận nghèo<br><b>{n}</b> hộ (<b>{rate}</b>) · {people} nhân khẩu ({people_rate})").format(
                n=format_number(c.near_poor_households),
                rate=format_percent(c.near_poor_household_rate),
                people=format_number(c.near_poor_people),
                people_rate=format_percent(c.near_poor_people_rate),
            )
        )
        to_review = sum(p.to_review for p in dashboard.progress)
        surveyed = sum(p.surveyed for p in dashboard.progress)
        checked = sum(p.checked for p in dashboard.progress)
        self.progress_figure.setText(
            self.tr("Phiếu B<br><b>{surveyed}</b>/{to_review} hộ đã nhập · {checked} đã kiểm tra").format(
                surveyed=format_number(surveyed), to_review=format_number(to_review), checked=format_number(checked)
            )
        )

    def _title(self, axes: Axes, text: str) -> None:
        axes.set_title(text, fontsize=TITLE_SIZE, fontweight="bold", loc="left")

    def _draw_rates(self, dashboard: Dashboard) -> None:
        """(a) Poor and near-poor households as a share of households, by village, highest poor rate first."""
        axes = self.rate_axes
        rows = sorted(
            (v for v in dashboard.villages if v.households),
            key=lambda v: (-v.poor_household_rate, -v.near_poor_household_rate, v.name),
        )
        title = (
            self.tr("Tỷ lệ hộ nghèo, cận nghèo theo xã (% số hộ)")
            if self.communes
            else self.tr("Tỷ lệ hộ nghèo, cận nghèo theo thôn (% số hộ)")
        )
        if len(rows) > MAX_VILLAGE_ROWS:
            title = (
                self.tr("Tỷ lệ hộ nghèo, cận nghèo: {shown}/{all} xã cao nhất (% số hộ)")
                if self.communes
                else self.tr("Tỷ lệ hộ nghèo, cận nghèo: {shown}/{all} thôn cao nhất (% số hộ)")
            ).format(shown=MAX_VILLAGE_ROWS, all=len(rows))
            rows = rows[:MAX_VILLAGE_ROWS]
        self._title(axes, title)
        if not rows:
            self._empty(axes, self.tr("Chưa có hộ nào trong kỳ"))
            return
        names = [shorten(v.name, VILLAGE_NAME_LENGTH) for v in rows]
        poor = [v.poor_household_rate for v in rows]
        near = [v.near_poor_household_rate for v in rows]
        positions = list(range(len(rows)))
        axes.barh(positions, poor, color=POOR_COLOUR, label=self.tr("Hộ nghèo"), height=0.75)
        axes.barh(positions, near, left=poor, color=NEAR_POOR_COLOUR, label=self.tr("Hộ cận nghèo"), height=0.75)
        average = dashboard.commune.poor_household_rate
        axes.axvline(
            average,
            color="#333333",
            linestyle="--",
            linewidth=0.9,
            label=(
                self.tr("Tỷ lệ nghèo chung ({rate})") if self.communes else self.tr("Tỷ lệ nghèo toàn xã ({rate})")
            ).format(rate=format_percent(average)),
        )
        axes.set_yticks(positions, names)
        axes.set_ylim(len(rows) - 0.5, -0.5)  # the highest rate at the top
        axes.set_xlim(0, max(p + n for p, n in zip(poor, near, strict=True)) * 1.05 or 1)
        _percent_axis(axes)
        axes.tick_params(axis="y", labelsize=self._village_label_size(len(rows)), length=0)
        axes.tick_params(axis="x", labelsize=LABEL_SIZE)
        _legend_right(axes)
        axes.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        axes.set_axisbelow(True)

    def _draw_indicators(self, dashboard: Dashboard) -> None:
        """(b) How many poor and near-poor households lack each indicator, in report-column order."""
        axes = self.indicator_axes
        self._title(axes, self.tr("Thiếu hụt dịch vụ xã hội cơ bản theo chỉ số (số hộ)"))
        rows = dashboard.indicators
        if not rows or not any(i.poor or i.near_poor for i in rows):
            self._empty(axes, self.tr("Chưa có hộ nghèo, cận nghèo nào có Phiếu B trong kỳ"))
            return
        positions = list(range(len(rows)))
        height = 0.4
        axes.barh(
            [p - height / 2 for p in positions],
            [i.poor for i in rows],
            height=height,
            color=POOR_COLOUR,
            label=self.tr("Hộ nghèo\n({n} hộ có phiếu)").format(n=format_number(dashboard.poor_surveyed)),
        )
        axes.barh(
            [p + height / 2 for p in positions],
            [i.near_poor for i in rows],
            height=height,
            color=NEAR_POOR_COLOUR,
            label=self.tr("Hộ cận nghèo\n({n} hộ có phiếu)").format(n=format_number(dashboard.near_poor_surveyed)),
        )
        axes.set_yticks(positions, [shorten(i.name, INDICATOR_NAME_LENGTH) for i in rows])
        axes.set_ylim(len(rows) - 0.5, -0.5)
        axes.set_xlim(0, max(max(i.poor, i.near_poor) for i in rows) * 1.05)
        _count_axis(axes)
        axes.tick_params(axis="y", labelsize=LABEL_SIZE, length=0)
        axes.tick_params(axis="x", labelsize=LABEL_SIZE)
        _legend_right(axes)
        axes.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        axes.set_axisbelow(True)

    def _draw_transitions(self, dashboard: Dashboard) -> None:
        """(c) The movements of forms 7.2/7.3, in households."""
        axes = self.transition_axes
        self._title(axes, self.tr("Biến động hộ nghèo, cận nghèo trong kỳ (số hộ)"))
        if not dashboard.has_movements:
            self._empty(axes, self.tr(NO_MOVEMENT_DATA))
            return
        kinds = list(TRANSITION_LABELS)
        counts = [dashboard.transition_households(kind) for kind in kinds]
        if not any(counts):
            self._empty(axes, self.tr(NO_MOVEMENT))
            return
        positions = list(range(len(kinds)))
        bars = axes.barh(positions, counts, color=[TRANSITION_COLOURS[k] for k in kinds], height=0.7)
        axes.bar_label(bars, labels=[format_number(n) for n in counts], fontsize=LABEL_SIZE, padding=2)
        axes.set_yticks(positions, [self.tr(TRANSITION_LABELS[k]) for k in kinds])
        axes.set_ylim(len(kinds) - 0.5, -0.5)
        axes.set_xlim(0, max(counts) * 1.15)
        _count_axis(axes)
        axes.tick_params(axis="y", labelsize=LABEL_SIZE, length=0)
        axes.tick_params(axis="x", labelsize=LABEL_SIZE)
        axes.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        axes.set_axisbelow(True)

    def _draw_progress(self, dashboard: Dashboard) -> None:
        """(d) Phiếu B per village: checked, entered but not checked, not entered yet."""
        axes = self.progress_axes
        rows = list(dashboard.progress)
        title = (
            self.tr("Tiến độ nhập Phiếu B theo xã (số hộ cần rà soát)")
            if self.communes
            else self.tr("Tiến độ nhập Phiếu B theo thôn (số hộ cần rà soát)")
        )
        if len(rows) > MAX_VILLAGE_ROWS:  # the villages with the most work left, in the commune's order
            title = (
                self.tr("Tiến độ Phiếu B: {shown}/{all} xã còn nhiều việc nhất")
                if self.communes
                else self.tr("Tiến độ Phiếu B: {shown}/{all} thôn còn nhiều việc nhất")
            ).format(shown=MAX_VILLAGE_ROWS, all=len(rows))
            busiest = sorted(range(len(rows)), key=lambda i: (-(rows[i].to_review - rows[i].checked), i))
            rows = [rows[i] for i in sorted(busiest[:MAX_VILLAGE_ROWS])]
        self._title(axes, title)
        if not rows:
            self._empty(axes, self.tr("Chưa có hộ nào cần rà soát"))
            return
        positions = list(range(len(rows)))
        checked = [p.checked for p in rows]
        entered = [p.surveyed - p.checked for p in rows]
        not_yet = [p.not_yet for p in rows]
        axes.barh(positions, checked, color=CHECKED_COLOUR, label=self.tr("Đã kiểm tra"), height=0.75)
        axes.barh(positions, entered, left=checked, color=ENTERED_COLOUR, label=self.tr("Đã nhập"), height=0.75)
        axes.barh(
            positions,
            not_yet,
            left=[c + e for c, e in zip(checked, entered, strict=True)],
            color=NOT_YET_COLOUR,
            label=self.tr("Chưa nhập"),
            height=0.75,
        )
        axes.set_yticks(positions, [shorten(p.village, VILLAGE_NAME_LENGTH) for p in rows])
        axes.set_ylim(len(rows) - 0.5, -0.5)  # the commune's order, top to bottom
        axes.set_xlim(0, max(p.to_review for p in rows) * 1.05)
        _count_axis(axes)
        axes.tick_params(axis="y", labelsize=self._village_label_size(len(rows)), length=0)
        axes.tick_params(axis="x", labelsize=LABEL_SIZE)
        _legend_right(axes)
        axes.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        axes.set_axisbelow(True)

    @staticmethod
    def _village_label_size(count: int) -> float:
        """Small enough that one label per village fits (at most `MAX_VILLAGE_ROWS`: 6.6 pt)."""
        return min(LABEL_SIZE, 210 / max(count, 1))

    @staticmethod
    def _empty(axes: Axes, message: str) -> None:
        axes.set_axis_off()
        axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=LABEL_SIZE + 1, color="#555555")

    # -- export --------------------------------------------------------------------------------------
    def export_png(self, path: Path, dpi: int = 150) -> Path:
        """Save the four charts as one PNG, titled with the commune, the round and the key figures."""
        if self.dashboard is None:
            raise ValueError("no round shown")
        c = self.dashboard.commune
        heading = self.figure.suptitle(
            f"{self.title.text()}\n"
            + self.tr("{households} hộ · hộ nghèo {poor} ({poor_rate}) · hộ cận nghèo {near} ({near_rate})").format(
                households=format_number(c.households),
                poor=format_number(c.poor_households),
                poor_rate=format_percent(c.poor_household_rate),
                near=format_number(c.near_poor_households),
                near_rate=format_percent(c.near_poor_household_rate),
            ),
            fontsize=TITLE_SIZE + 1,
        )
        try:
            self.figure.savefig(path, dpi=dpi, format="png", facecolor="white")
        finally:
            heading.remove()
            self.canvas.draw_idle()  # type: ignore[no-untyped-call]
        return path

    def _ask_export(self) -> None:
        if self.dashboard is None:
            return
        suggested = f"tong-hop-{self.dashboard.round.year}-ky-{self.dashboard.round.id}.png"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Xuất ảnh"), suggested, self.tr("Ảnh PNG (*.png)"))
        if not name:
            return
        path = Path(name) if name.lower().endswith(".png") else Path(name + ".png")
        try:
            self.export_png(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Xuất ảnh"), self.tr("Không ghi được tệp: {error}").format(error=exc))
            return
        self.exported.emit(path)
