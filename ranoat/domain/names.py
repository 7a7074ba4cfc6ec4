"""Vietnamese names of the register's codes, as the official outputs (lists, explanation sheets)
print them and as the GUI shows them."""

from __future__ import annotations

from ranoat.domain.household import CommuneType, Relation, Sex

SEX_NAMES = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
RELATION_NAMES = {
    Relation.HEAD: "Chủ hộ",
    Relation.SPOUSE: "Vợ/chồng",
    Relation.CHILD: "Con",
    Relation.PARENT: "Bố/mẹ",
    Relation.GRANDCHILD: "Cháu",
    Relation.GRANDPARENT: "Ông/bà",
    Relation.SIBLING: "Anh/chị/em",
    Relation.CHILD_IN_LAW: "Con dâu/con rể",
    Relation.OTHER: "Khác",
}
COMMUNE_TYPE_NAMES = {CommuneType.XA: "Xã", CommuneType.PHUONG: "Phường", CommuneType.DAC_KHU: "Đặc khu"}
