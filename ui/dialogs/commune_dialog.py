"""Commune settings: province, commune (code, name, type → default area), villages, officers, and
the seal key the province gave the commune (set once; changing it asks first)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.area import Area
from ranoat.domain.household import CommuneType
from ranoat.domain.names import COMMUNE_TYPE_NAMES
from ranoat.excel.seal import SealKeyError, key_id, parse_key
from ranoat.operations.commune import CommuneData, OfficerData, VillageData

TYPE_LABELS = COMMUNE_TYPE_NAMES
# the commune's data; the seal key text typed (None: unchanged) and whether it may replace the key set
SaveCommune = Callable[[CommuneData, str | None, bool], str | None]


class CommuneDialog(QDialog):
    def __init__(
        self,
        commune: CommuneData | None,
        save: SaveCommune,
        regions: list[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        seal_key_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._seal_key_id = seal_key_id
        self.setWindowTitle(self.tr("Thông tin xã"))
        self.resize(760, 620)
        data = commune or CommuneData("", "", "", "", CommuneType.XA, Area.RURAL)
        self.province_code = QLineEdit(data.province_code)
        self.province_code.setMaxLength(4)
        self.province_name = QLineEdit(data.province_name)
        self.code = QLineEdit(data.code)
        self.code.setMaxLength(10)
        self.name = QLineEdit(data.name)
        self.type = QComboBox()
        for kind, label in TYPE_LABELS.items():
            self.type.addItem(self.tr(label), kind)
        self.type.setCurrentIndex(self.type.findData(data.type))
        self.area = QComboBox()
        self.area.addItem(self.tr("Nông thôn"), Area.RURAL)
        self.area.addItem(self.tr("Thành thị"), Area.URBAN)
        self.area.setCurrentIndex(self.area.findData(data.default_area))
        self.type.currentIndexChanged.connect(self._type_changed)
        self.region = QComboBox()
        self.region.addItem(self.tr("— chưa chọn —"), None)
        for code, name in regions:
            self.region.addItem(name, code)
        self.region.setCurrentIndex(max(self.region.findData(data.region), 0))
        self.region.setToolTip(self.tr("Vùng kinh tế - xã hội của tỉnh, dùng cho bảng điểm Phiếu B khu vực nông thôn."))
        form = QFormLayout()
        form.addRow(self.tr("Mã &tỉnh:"), self.province_code)
        form.addRow(self.tr("Tên tỉ&nh:"), self.province_name)
        form.addRow(self.tr("&Mã xã:"), self.code)
        form.addRow(self.tr("Tên &xã:"), self.name)
        form.addRow(self.tr("&Loại đơn vị:"), self.type)
        form.addRow(self.tr("Khu vực mặc định của hộ:"), self.area)
        form.addRow(self.tr("&Vùng (bảng điểm Phiếu B):"), self.region)
        self.seal_key = QLineEdit()
        self.seal_key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # not left on screen once typed
        self.seal_key.setPlaceholderText(self.tr("gõ hoặc dán khoá tỉnh cấp: 14 nhóm 4 ký tự"))
        self.seal_key.setToolTip(
            self.tr(
                "Tỉnh cấp cho mỗi xã một khoá bí mật. Có khoá, mỗi sổ trao đổi xuất ra được niêm phong: "
                "tỉnh kiểm tra được sổ do chính xã lập và không bị sửa sau đó. Chỉ nhập một lần."
            )
        )
        self.seal_state = QLabel()
        self.seal_state.setWordWrap(True)
        self._show_seal_state()
        form.addRow(self.tr("Khoá niêm phong (do tỉnh &cấp):"), self.seal_key)
        form.addRow("", self.seal_state)

        self.villages = QTableWidget(0, 2)
        self.villages.setHorizontalHeaderLabels([self.tr("Mã thôn"), self.tr("Tên thôn, bản, tổ dân phố")])
        self.villages.horizontalHeader().setStretchLastSection(True)
        for village in data.villages:
            self._add_village_row(village)
        add = QPushButton(self.tr("Thêm &thôn"))
        remove = QPushButton(self.tr("Xoá thôn"))
        add.clicked.connect(lambda: self._add_village_row(None))
        remove.clicked.connect(lambda: self.villages.removeRow(self.villages.currentRow()))
        village_box = QGroupBox(self.tr("Thôn, bản, tổ dân phố"))
        village_layout = QVBoxLayout(village_box)
        village_layout.addWidget(self.villages)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        village_layout.addLayout(row)

        preparer = next((o for o in data.officers if o.role == "preparer"), None)
        chair = next((o for o in data.officers if o.role == "chair"), None)
        self.preparer = QLineEdit(preparer.name if preparer else "")
        self.chair = QLineEdit(chair.name if chair else "")
        self.chair_title = QLineEdit(chair.title if chair else self.tr("Chủ tịch UBND xã"))
        officers = QGroupBox(self.tr("Ký tên trên biểu mẫu"))
        officer_form = QFormLayout(officers)
        officer_form.addRow(self.tr("Người lập biểu:"), self.preparer)
        officer_form.addRow(self.tr("Chủ tịch UBND:"), self.chair)
        officer_form.addRow(self.tr("Chức danh:"), self.chair_title)

        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(village_box, 1)
        layout.addWidget(officers)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _type_changed(self) -> None:
        default = CommuneType(self.type.currentData()).default_area()
        if default is not None:
            self.area.setCurrentIndex(self.area.findData(default))

    def _add_village_row(self, village: VillageData | None) -> None:
        row = self.villages.rowCount()
        self.villages.insertRow(row)
        code = village.code if village else f"T{row + 1:02d}"
        code_item = QTableWidgetItem(code)
        code_item.setData(Qt.ItemDataRole.UserRole, village.id if village else None)
        self.villages.setItem(row, 0, code_item)
        name_item = QTableWidgetItem(village.name if village else "")
        self.villages.setItem(row, 1, name_item)
        if village is None:
            self.villages.setCurrentCell(row, 1)
            self.villages.editItem(name_item)

    def commune(self) -> CommuneData:
        villages = []
        for row in range(self.villages.rowCount()):
            code_item, name_item = self.villages.item(row, 0), self.villages.item(row, 1)
            village_id = code_item.data(Qt.ItemDataRole.UserRole) if code_item else None
            villages.append(
                VillageData(
                    code_item.text().strip() if code_item else "",
                    name_item.text().strip() if name_item else "",
                    village_id,
                )
            )
        officers = [
            OfficerData(self.preparer.text(), "Người lập biểu", "preparer"),  # not translated: stored, printed
            OfficerData(self.chair.text(), self.chair_title.text(), "chair"),
        ]
        return CommuneData(
            province_code=self.province_code.text(),
            province_name=self.province_name.text(),
            code=self.code.text(),
            name=self.name.text(),
            type=CommuneType(self.type.currentData()),
            default_area=Area(self.area.currentData()),
            villages=villages,
            officers=officers,
            region=self.region.currentData(),
        )

    def _show_seal_state(self) -> None:
        if self._seal_key_id:
            self.seal_state.setText(
                self.tr("Đã có khoá (mã khoá {key_id}): sổ xuất ra được niêm phong.").format(key_id=self._seal_key_id)
            )
        else:
            self.seal_state.setText(self.tr("Chưa có khoá: sổ xuất ra không được niêm phong."))

    def save(self) -> None:
        text = self.seal_key.text().strip() or None
        replace = False
        if text is not None:
            try:
                typed = key_id(parse_key(text))
            except SealKeyError as exc:  # the message never repeats the key
                self.error.setText(str(exc))
                return
            if self._seal_key_id is not None and typed != self._seal_key_id:
                answer = QMessageBox.question(
                    self,
                    self.tr("Thay khoá niêm phong"),
                    self.tr(
                        "Xã đã có khoá niêm phong (mã khoá {old}). Thay bằng khoá mới (mã khoá {new})?\n\n"
                        "Chỉ thay khi tỉnh đã cấp khoá mới: các sổ niêm phong bằng khoá cũ sẽ không còn kiểm tra "
                        "được ở tỉnh."
                    ).format(old=self._seal_key_id, new=typed),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    self.error.setText(self.tr("Chưa lưu: khoá niêm phong cũ được giữ nguyên."))
                    return
                replace = True
        problem = self._save(self.commune(), text, replace)
        if problem:
            self.error.setText(problem)
            return
        self.seal_key.clear()
        self.accept()
