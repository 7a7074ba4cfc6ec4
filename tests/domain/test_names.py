def test_a_name_that_is_not_utf8_becomes_text_a_cell_can_hold() -> None:
    import os
    from pathlib import Path

    from ranoat.domain.names import cell_text, file_label

    odd = Path(os.fsdecode(b"/tmp/x\xff\xfe s\xe1\xbb\x91.xlsx"))
    assert file_label(odd) == "x\ufffd\ufffd số.xlsx"
    assert cell_text("Tệp \udcff.xlsx: hỏng") == "Tệp \ufffd.xlsx: hỏng"
    assert cell_text("\ud800") == "\ufffd" * len("\ud800".encode("utf-8", "surrogatepass"))
    assert cell_text("Xã Tân Thành") == "Xã Tân Thành"
