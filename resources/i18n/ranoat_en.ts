<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>App</name>
    <message>
        <source>Không đọc được dữ liệu chuẩn nghèo:
{error}</source>
        <translation>Could not read the poverty standard data:
{error}</translation>
    </message>
    <message>
        <source>Đây là bản di động của Ranoat: dữ liệu được lưu trong thư mục
{folder}
bên cạnh Ranoat.exe (mang cả thư mục đi là mang theo dữ liệu).

Muốn lưu ở nơi khác, dùng Tệp → Cơ sở dữ liệu mới… hoặc Tệp → Mở….</source>
        <translation>This is the portable Ranoat: the data is kept in the folder
{folder}
beside Ranoat.exe (take the whole folder and the data goes with it).

To keep it elsewhere, use File → New database… or File → Open….</translation>
    </message>
</context>
<context>
    <name>Category</name>
    <message>
        <source>Hộ nghèo</source>
        <translation>Poor</translation>
    </message>
    <message>
        <source>Hộ cận nghèo</source>
        <translation>Near-poor</translation>
    </message>
    <message>
        <source>Không nghèo</source>
        <translation>Not poor</translation>
    </message>
    <message>
        <source>Mức sống trung bình</source>
        <translation>Average living standard</translation>
    </message>
</context>
<context>
    <name>ClassificationPanel</name>
    <message>
        <source>Hộ nghèo</source>
        <translation>Poor household</translation>
    </message>
    <message>
        <source>Hộ cận nghèo</source>
        <translation>Near-poor household</translation>
    </message>
    <message>
        <source>Không thuộc hộ nghèo, hộ cận nghèo</source>
        <translation>Neither poor nor near-poor</translation>
    </message>
    <message>
        <source>Hộ có mức sống trung bình</source>
        <translation>Average living standard household</translation>
    </message>
    <message>
        <source>Kết quả phân loại</source>
        <translation>Classification result</translation>
    </message>
    <message>
        <source>Chưa có kết quả</source>
        <translation>No result yet</translation>
    </message>
    <message>
        <source>Không phân loại được</source>
        <translation>Cannot classify</translation>
    </message>
    <message>
        <source>Quy chuẩn {id}</source>
        <translation>Rulebook {id}</translation>
    </message>
    <message>
        <source>B2 = {b2} điểm · {count} chỉ số thiếu hụt</source>
        <translation>B2 = {b2} points · {count} deprivation indicators</translation>
    </message>
    <message>
        <source>Quy chuẩn {id} · SHA-256 {hash}</source>
        <translation>Rulebook {id} · SHA-256 {hash}</translation>
    </message>
</context>
<context>
    <name>CommuneDialog</name>
    <message>
        <source>Thông tin xã</source>
        <translation>Commune details</translation>
    </message>
    <message>
        <source>Nông thôn</source>
        <translation>Rural</translation>
    </message>
    <message>
        <source>Thành thị</source>
        <translation>Urban</translation>
    </message>
    <message>
        <source>— chưa chọn —</source>
        <translation>— not chosen —</translation>
    </message>
    <message>
        <source>Vùng kinh tế - xã hội của tỉnh, dùng cho bảng điểm Phiếu B khu vực nông thôn.</source>
        <translation>The province&apos;s socio-economic region, used by the Form B point table for rural areas.</translation>
    </message>
    <message>
        <source>Mã &amp;tỉnh:</source>
        <translation>&amp;Province code:</translation>
    </message>
    <message>
        <source>Tên tỉ&amp;nh:</source>
        <translation>Province na&amp;me:</translation>
    </message>
    <message>
        <source>&amp;Mã xã:</source>
        <translation>C&amp;ommune code:</translation>
    </message>
    <message>
        <source>Tên &amp;xã:</source>
        <translation>Commune &amp;name:</translation>
    </message>
    <message>
        <source>&amp;Loại đơn vị:</source>
        <translation>&amp;Unit type:</translation>
    </message>
    <message>
        <source>Khu vực mặc định của hộ:</source>
        <translation>Default area of households:</translation>
    </message>
    <message>
        <source>&amp;Vùng (bảng điểm Phiếu B):</source>
        <translation>&amp;Region (Form B point table):</translation>
    </message>
    <message>
        <source>gõ hoặc dán khoá tỉnh cấp: 14 nhóm 4 ký tự</source>
        <translation>type or paste the key the province issued: 14 groups of 4 characters</translation>
    </message>
    <message>
        <source>Tỉnh cấp cho mỗi xã một khoá bí mật. Có khoá, mỗi sổ trao đổi xuất ra được niêm phong: tỉnh kiểm tra được sổ do chính xã lập và không bị sửa sau đó. Chỉ nhập một lần.</source>
        <translation>The province issues each commune a secret key. With it, every exchange workbook exported is sealed: the province can check that the workbook was made by this commune and not changed afterwards. Enter it once.</translation>
    </message>
    <message>
        <source>Khoá niêm phong (do tỉnh &amp;cấp):</source>
        <translation>Seal &amp;key (issued by the province):</translation>
    </message>
    <message>
        <source>Mã thôn</source>
        <translation>Village code</translation>
    </message>
    <message>
        <source>Tên thôn, bản, tổ dân phố</source>
        <translation>Name of village, hamlet or residential group</translation>
    </message>
    <message>
        <source>Thêm &amp;thôn</source>
        <translation>Add &amp;village</translation>
    </message>
    <message>
        <source>Xoá thôn</source>
        <translation>Remove village</translation>
    </message>
    <message>
        <source>Thôn, bản, tổ dân phố</source>
        <translation>Villages, hamlets, residential groups</translation>
    </message>
    <message>
        <source>Chủ tịch UBND xã</source>
        <translation>Chair of the commune People&apos;s Committee</translation>
    </message>
    <message>
        <source>Ký tên trên biểu mẫu</source>
        <translation>Signatures on the forms</translation>
    </message>
    <message>
        <source>Người lập biểu:</source>
        <translation>Prepared by:</translation>
    </message>
    <message>
        <source>Chủ tịch UBND:</source>
        <translation>Committee chair:</translation>
    </message>
    <message>
        <source>Chức danh:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>Đã có khoá (mã khoá {key_id}): sổ xuất ra được niêm phong.</source>
        <translation>Key set (key id {key_id}): exported workbooks are sealed.</translation>
    </message>
    <message>
        <source>Chưa có khoá: sổ xuất ra không được niêm phong.</source>
        <translation>No key yet: exported workbooks are not sealed.</translation>
    </message>
    <message>
        <source>Thay khoá niêm phong</source>
        <translation>Replace the seal key</translation>
    </message>
    <message>
        <source>Xã đã có khoá niêm phong (mã khoá {old}). Thay bằng khoá mới (mã khoá {new})?

Chỉ thay khi tỉnh đã cấp khoá mới: các sổ niêm phong bằng khoá cũ sẽ không còn kiểm tra được ở tỉnh.</source>
        <translation>The commune already has a seal key (key id {old}). Replace it with the new key (key id {new})?

Replace it only when the province has issued a new key: workbooks sealed with the old key can then no longer be checked at the province.</translation>
    </message>
    <message>
        <source>Chưa lưu: khoá niêm phong cũ được giữ nguyên.</source>
        <translation>Not saved: the old seal key is kept.</translation>
    </message>
</context>
<context>
    <name>ComparisonDialog</name>
    <message>
        <source>Tất cả các hộ</source>
        <translation>All households</translation>
    </message>
    <message>
        <source>Các hộ đổi kết quả</source>
        <translation>Households whose result changes</translation>
    </message>
    <message>
        <source>Vào danh sách nghèo, cận nghèo</source>
        <translation>Join the poor or near-poor lists</translation>
    </message>
    <message>
        <source>Ra khỏi danh sách nghèo, cận nghèo</source>
        <translation>Leave the poor and near-poor lists</translation>
    </message>
    <message>
        <source>Đổi giữa nghèo và cận nghèo</source>
        <translation>Change between poor and near-poor</translation>
    </message>
    <message>
        <source>Giữ nguyên kết quả</source>
        <translation>Same result</translation>
    </message>
    <message>
        <source>Không phân loại được theo chuẩn kia</source>
        <translation>Cannot be classified under the other standard</translation>
    </message>
    <message>
        <source>So sánh chuẩn {a} và chuẩn {b}</source>
        <translation>Standard {a} compared with standard {b}</translation>
    </message>
    <message>
        <source>thu nhập bình quân đã ghi</source>
        <translation>the recorded average income</translation>
    </message>
    <message>
        <source>điểm B1</source>
        <translation>the B1 score</translation>
    </message>
    <message>
        <source>{label}. So sánh theo {path}: {all} hộ có phiếu, {changed} hộ đổi kết quả ({joins} vào danh sách, {leaves} ra khỏi danh sách, {between} đổi giữa nghèo và cận nghèo), {unclassified} hộ không phân loại được theo chuẩn {other}. Không kết quả nào của kỳ bị thay đổi.</source>
        <translation>{label}. Compared on {path}: {all} households with a form, {changed} change their result ({joins} join the lists, {leaves} leave them, {between} change between poor and near-poor), {unclassified} cannot be classified under standard {other}. No result of the round is changed.</translation>
    </message>
    <message>
        <source>&amp;Xuất Excel…</source>
        <translation>E&amp;xport to Excel…</translation>
    </message>
    <message>
        <source>&amp;Hiện:</source>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <source>Không ghi được tệp {name}: {error}. Hãy chọn nơi lưu khác rồi làm lại.</source>
        <translation>Could not write {name}: {error}. Choose another place and try again.</translation>
    </message>
    <message>
        <source>Đã ghi {n} hộ vào {name}.</source>
        <translation>Wrote {n} households to {name}.</translation>
    </message>
    <message>
        <source>Xuất bảng so sánh</source>
        <translation>Export the comparison</translation>
    </message>
    <message>
        <source>Sổ Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ComparisonModel</name>
    <message>
        <source>Thu nhập</source>
        <translation>Income</translation>
    </message>
    <message>
        <source>B1</source>
        <translation>B1</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <source>Chủ hộ</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Chuẩn {id} (của kỳ)</source>
        <translation>Standard {id} (the round&apos;s)</translation>
    </message>
    <message>
        <source>Chuẩn {id}</source>
        <translation>Standard {id}</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Chưa phân loại được</source>
        <translation>Not classified</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Khiếu nại của hộ {household}</source>
        <translation>Complaint of household {household}</translation>
    </message>
    <message>
        <source>Ngày &amp;nhận:</source>
        <translation>&amp;Received on:</translation>
    </message>
    <message>
        <source>&amp;Nội dung:</source>
        <translation>&amp;Content:</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Thoát nghèo</source>
        <translation>Out of poverty</translation>
    </message>
    <message>
        <source>Nghèo → cận nghèo</source>
        <translation>Poor → near-poor</translation>
    </message>
    <message>
        <source>Tái nghèo</source>
        <translation>Back into poverty</translation>
    </message>
    <message>
        <source>Nghèo phát sinh mới</source>
        <translation>Newly poor</translation>
    </message>
    <message>
        <source>Thoát cận nghèo</source>
        <translation>Out of near-poverty</translation>
    </message>
    <message>
        <source>Cận nghèo → nghèo</source>
        <translation>Near-poor → poor</translation>
    </message>
    <message>
        <source>Tái cận nghèo</source>
        <translation>Back into near-poverty</translation>
    </message>
    <message>
        <source>Cận nghèo phát sinh mới</source>
        <translation>Newly near-poor</translation>
    </message>
    <message>
        <source>Giảm khác (chết, chuyển đi…)</source>
        <translation>Other decrease (died, moved away…)</translation>
    </message>
    <message>
        <source>Tăng khác (chuyển đến, tách hộ)</source>
        <translation>Other increase (moved in, split)</translation>
    </message>
    <message>
        <source>Chưa có dữ liệu biến động</source>
        <translation>No change data yet</translation>
    </message>
    <message>
        <source>Không có hộ nào biến động trong kỳ</source>
        <translation>No household changed in this round</translation>
    </message>
    <message>
        <source>Chọn một kỳ rà soát để xem tổng hợp.</source>
        <translation>Choose a review round to see its summary.</translation>
    </message>
    <message>
        <source>Xuất ảnh (PNG)…</source>
        <translation>Export image (PNG)…</translation>
    </message>
    <message>
        <source> (đã có quyết định)</source>
        <translation> (decision issued)</translation>
    </message>
    <message>
        <source>Tổng số hộ&lt;br&gt;&lt;b&gt;{households}&lt;/b&gt; hộ · &lt;b&gt;{people}&lt;/b&gt; nhân khẩu</source>
        <translation>All households&lt;br&gt;&lt;b&gt;{households}&lt;/b&gt; households · &lt;b&gt;{people}&lt;/b&gt; people</translation>
    </message>
    <message>
        <source>Hộ nghèo&lt;br&gt;&lt;b&gt;{n}&lt;/b&gt; hộ (&lt;b&gt;{rate}&lt;/b&gt;) · {people} nhân khẩu ({people_rate})</source>
        <translation>Poor households&lt;br&gt;&lt;b&gt;{n}&lt;/b&gt; households (&lt;b&gt;{rate}&lt;/b&gt;) · {people} people ({people_rate})</translation>
    </message>
    <message>
        <source>Hộ cận nghèo&lt;br&gt;&lt;b&gt;{n}&lt;/b&gt; hộ (&lt;b&gt;{rate}&lt;/b&gt;) · {people} nhân khẩu ({people_rate})</source>
        <translation>Near-poor households&lt;br&gt;&lt;b&gt;{n}&lt;/b&gt; households (&lt;b&gt;{rate}&lt;/b&gt;) · {people} people ({people_rate})</translation>
    </message>
    <message>
        <source>Phiếu B&lt;br&gt;&lt;b&gt;{surveyed}&lt;/b&gt;/{to_review} hộ đã nhập · {checked} đã kiểm tra</source>
        <translation>Form B&lt;br&gt;&lt;b&gt;{surveyed}&lt;/b&gt;/{to_review} households entered · {checked} checked</translation>
    </message>
    <message>
        <source>Tỷ lệ hộ nghèo, cận nghèo theo xã (% số hộ)</source>
        <translation>Poor and near-poor households by commune (% of households)</translation>
    </message>
    <message>
        <source>Tỷ lệ hộ nghèo, cận nghèo theo thôn (% số hộ)</source>
        <translation>Poor and near-poor rates by village (% of households)</translation>
    </message>
    <message>
        <source>Tỷ lệ hộ nghèo, cận nghèo: {shown}/{all} xã cao nhất (% số hộ)</source>
        <translation>Poor and near-poor households: the {shown} highest of {all} communes (% of households)</translation>
    </message>
    <message>
        <source>Tỷ lệ hộ nghèo, cận nghèo: {shown}/{all} thôn cao nhất (% số hộ)</source>
        <translation>Poor and near-poor rates: top {shown} of {all} villages (% of households)</translation>
    </message>
    <message>
        <source>Chưa có hộ nào trong kỳ</source>
        <translation>No households in this round yet</translation>
    </message>
    <message>
        <source>Hộ nghèo</source>
        <translation>Poor households</translation>
    </message>
    <message>
        <source>Hộ cận nghèo</source>
        <translation>Near-poor households</translation>
    </message>
    <message>
        <source>Tỷ lệ nghèo toàn xã ({rate})</source>
        <translation>Commune poverty rate ({rate})</translation>
    </message>
    <message>
        <source>Tỷ lệ nghèo chung ({rate})</source>
        <translation>Overall poverty rate ({rate})</translation>
    </message>
    <message>
        <source>Thiếu hụt dịch vụ xã hội cơ bản theo chỉ số (số hộ)</source>
        <translation>Deprivation of basic social services by indicator (households)</translation>
    </message>
    <message>
        <source>Chưa có hộ nghèo, cận nghèo nào có Phiếu B trong kỳ</source>
        <translation>No poor or near-poor household has a Form B in this round yet</translation>
    </message>
    <message>
        <source>Hộ nghèo
({n} hộ có phiếu)</source>
        <translation>Poor households
({n} with a form)</translation>
    </message>
    <message>
        <source>Hộ cận nghèo
({n} hộ có phiếu)</source>
        <translation>Near-poor households
({n} with a form)</translation>
    </message>
    <message>
        <source>Biến động hộ nghèo, cận nghèo trong kỳ (số hộ)</source>
        <translation>Poor/near-poor changes this round (households)</translation>
    </message>
    <message>
        <source>Tiến độ nhập Phiếu B theo xã (số hộ cần rà soát)</source>
        <translation>Form B entry by commune (households to review)</translation>
    </message>
    <message>
        <source>Tiến độ nhập Phiếu B theo thôn (số hộ cần rà soát)</source>
        <translation>Form B progress by village (households to review)</translation>
    </message>
    <message>
        <source>Tiến độ Phiếu B: {shown}/{all} xã còn nhiều việc nhất</source>
        <translation>Form B progress: the {shown} of {all} communes with the most left to do</translation>
    </message>
    <message>
        <source>Tiến độ Phiếu B: {shown}/{all} thôn còn nhiều việc nhất</source>
        <translation>Form B progress: {shown} of {all} villages, most left to do</translation>
    </message>
    <message>
        <source>Chưa có hộ nào cần rà soát</source>
        <translation>No households to review yet</translation>
    </message>
    <message>
        <source>Đã kiểm tra</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>Đã nhập</source>
        <translation>Entered</translation>
    </message>
    <message>
        <source>Chưa nhập</source>
        <translation>Not entered</translation>
    </message>
    <message>
        <source>{households} hộ · hộ nghèo {poor} ({poor_rate}) · hộ cận nghèo {near} ({near_rate})</source>
        <translation>{households} households · poor {poor} ({poor_rate}) · near-poor {near} ({near_rate})</translation>
    </message>
    <message>
        <source>Xuất ảnh</source>
        <translation>Export image</translation>
    </message>
    <message>
        <source>Ảnh PNG (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>Không ghi được tệp: {error}</source>
        <translation>Could not write the file: {error}</translation>
    </message>
</context>
<context>
    <name>DatabaseProblem</name>
    <message>
        <source>Cơ sở dữ liệu bị hỏng</source>
        <translation>Damaged database</translation>
    </message>
    <message>
        <source>{error}

Khôi phục từ bản sao lưu {backup} ngay bây giờ? Tệp hỏng được giữ lại trong thư mục sao lưu {folder}.</source>
        <translation>{error}

Restore from the backup {backup} now? The damaged file is kept in the backup folder {folder}.</translation>
    </message>
    <message>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Không khôi phục được: {error}</source>
        <translation>Could not restore: {error}</translation>
    </message>
    <message>
        <source>Đã khôi phục {path} từ bản sao lưu {backup}. Tệp hỏng được giữ ở {kept}.</source>
        <translation>Restored {path} from the backup {backup}. The damaged file is kept at {kept}.</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>Quyết định công nhận danh sách (Mẫu 02)</source>
        <translation>Decision recognising the lists (Form 02)</translation>
    </message>
    <message>
        <source>ví dụ: 125/QĐ-UBND</source>
        <translation>e.g. 125/QĐ-UBND</translation>
    </message>
    <message>
        <source>chỉ khi phải ghi quyết định khi chưa niêm yết, chưa hết niêm yết hoặc còn khiếu nại chưa phúc tra</source>
        <translation>only when the decision must be recorded with no posting, before the posting ends or while a complaint is not re-checked</translation>
    </message>
    <message>
        <source>Sau khi ghi quyết định, kỳ rà soát được khoá: kết quả không sửa được nữa; thay đổi về sau làm trong một kỳ rà soát thường xuyên mới, hoặc mở lại kỳ khi Chủ tịch UBND xã đính chính quyết định.</source>
        <translation>Once the decision is recorded, the round is locked: its results can no longer be changed; later changes are made in a new regular review round, or by reopening the round when the commune chair corrects the decision.</translation>
    </message>
    <message>
        <source>&amp;Lý do ghi trước hạn:</source>
        <translation>&amp;Reason for deciding early:</translation>
    </message>
    <message>
        <source>Số &amp;quyết định:</source>
        <translation>Decision &amp;number:</translation>
    </message>
    <message>
        <source>&amp;Ngày quyết định:</source>
        <translation>Decision &amp;date:</translation>
    </message>
</context>
<context>
    <name>Employment</name>
    <message>
        <source>Có việc làm</source>
        <translation>Employed</translation>
    </message>
    <message>
        <source>Làm công không hợp đồng</source>
        <translation>Wage work without a contract</translation>
    </message>
    <message>
        <source>Không có việc làm</source>
        <translation>Unemployed</translation>
    </message>
    <message>
        <source>Đang đi học</source>
        <translation>In school</translation>
    </message>
    <message>
        <source>Không có khả năng lao động</source>
        <translation>Unable to work</translation>
    </message>
    <message>
        <source>Nghỉ hưu, già yếu</source>
        <translation>Retired, elderly or frail</translation>
    </message>
    <message>
        <source>Trẻ em</source>
        <translation>Child</translation>
    </message>
</context>
<context>
    <name>ExplanationSheet</name>
    <message>
        <source>In phiếu giải thích kết quả rà soát</source>
        <translation>Print review result explanation sheets</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Xuất Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Cả xã: sổ trao đổi (danh sách, biểu mẫu, dữ liệu)</source>
        <translation>Whole commune: exchange workbook (lists, forms, data)</translation>
    </message>
    <message>
        <source>Danh sách của {name} (niêm yết)</source>
        <translation>Lists of {name} (for posting)</translation>
    </message>
    <message>
        <source>Danh sách hộ nghèo, cận nghèo, thoát nghèo, thoát cận nghèo, niêm yết</source>
        <translation>Lists of poor, near-poor, no longer poor and no longer near-poor households, for posting</translation>
    </message>
    <message>
        <source>Biểu mẫu 7.1 – 7.10</source>
        <translation>Forms 7.1 – 7.10</translation>
    </message>
    <message>
        <source>Trang dữ liệu cho cấp trên tổng hợp</source>
        <translation>Data sheet for aggregation at the next level up</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>&amp;Kỳ rà soát:</source>
        <translation>Review &amp;round:</translation>
    </message>
    <message>
        <source>&amp;Phạm vi:</source>
        <translation>&amp;Scope:</translation>
    </message>
    <message>
        <source>Nội dung:</source>
        <translation>Contents:</translation>
    </message>
    <message>
        <source>&amp;Thư mục:</source>
        <translation>&amp;Folder:</translation>
    </message>
    <message>
        <source>Tên &amp;tệp:</source>
        <translation>File &amp;name:</translation>
    </message>
    <message>
        <source>&amp;Xuất</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>&amp;Huỷ</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Chọn thư mục</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <source>Đang xuất…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Đã ghi {path}: {n} trang.</source>
        <translation>Wrote {path}: {n} sheets.</translation>
    </message>
    <message>
        <source>Đã niêm phong bằng khoá của xã (mã khoá {key_id}).</source>
        <translation>Sealed with the commune&apos;s key (key id {key_id}).</translation>
    </message>
    <message>
        <source>Chưa niêm phong: xã chưa nhập khoá niêm phong do tỉnh cấp (Thông tin xã).</source>
        <translation>Not sealed: the commune has not entered the seal key issued by the province (Commune details).</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Không xuất được: {message}</source>
        <translation>Export failed: {message}</translation>
    </message>
    <message>
        <source>Đã huỷ: không có tệp nào được ghi.</source>
        <translation>Cancelled: no file was written.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Chọn tệp Excel</source>
        <translation>Choose the Excel file</translation>
    </message>
    <message>
        <source>Danh sách hộ nghèo, cận nghèo của năm trước: mẫu danh sách chính thức, danh sách tự lập, tệp xuất từ phần mềm khác, hoặc sổ trao đổi của Ranoat. Tệp được đọc, không bị sửa.</source>
        <translation>Last year&apos;s list of poor and near-poor households: the official list layout, a list made by hand, a file exported by other software, or Ranoat&apos;s exchange workbook. The file is read, never changed.</translation>
    </message>
    <message>
        <source>Đường dẫn tệp .xlsx</source>
        <translation>Path of the .xlsx file</translation>
    </message>
    <message>
        <source>&amp;Chọn tệp…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>&amp;Tệp:</source>
        <translation>&amp;File:</translation>
    </message>
    <message>
        <source>T&amp;rang:</source>
        <translation>&amp;Sheet:</translation>
    </message>
    <message>
        <source>Chọn danh sách Excel</source>
        <translation>Choose an Excel list</translation>
    </message>
    <message>
        <source>Sổ Excel (*.xlsx *.xlsm)</source>
        <translation>Excel workbooks (*.xlsx *.xlsm)</translation>
    </message>
    <message>
        <source>(sổ trao đổi của Ranoat: đọc các trang dữ liệu)</source>
        <translation>(Ranoat exchange workbook: its data sheets are read)</translation>
    </message>
    <message>
        <source>Đây là sổ trao đổi của Ranoat: các cột đã biết, không cần ghép cột; kết quả của kỳ rà soát trong sổ được ghi làm tình trạng hiện tại của các hộ.</source>
        <translation>This is a Ranoat exchange workbook: its columns are known, no mapping is needed; the round&apos;s results in it become the households&apos; current status.</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>Hướng dẫn sử dụng Ranoat</source>
        <translation>Ranoat user guide</translation>
    </message>
    <message>
        <source>Tìm trong hướng dẫn (Enter: chỗ tiếp theo)</source>
        <translation>Find in the guide (Enter: next place)</translation>
    </message>
    <message>
        <source>Tìm trong hướng dẫn</source>
        <translation>Find in the guide</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>&amp;Tìm:</source>
        <translation>&amp;Find:</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp hướng dẫn sử dụng (huong-dan-su-dung.md) trong bản cài đặt này. Hãy cài lại Ranoat hoặc đọc hướng dẫn trong thư mục docs của mã nguồn.</source>
        <translation>The user guide (huong-dan-su-dung.md) is missing from this installation. Reinstall Ranoat, or read the guide in the docs folder of the source code.</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Quan hệ</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Năm sinh</source>
        <translation>Year of birth</translation>
    </message>
    <message>
        <source>CCCD</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <source>Hộ gia đình {code}</source>
        <translation>Household {code}</translation>
    </message>
    <message>
        <source>Thêm hộ</source>
        <translation>Add household</translation>
    </message>
    <message>
        <source>— chọn thôn —</source>
        <translation>— choose a village —</translation>
    </message>
    <message>
        <source>Nông thôn</source>
        <translation>Rural</translation>
    </message>
    <message>
        <source>Thành thị</source>
        <translation>Urban</translation>
    </message>
    <message>
        <source>&amp;Mã hộ:</source>
        <translation>Household &amp;code:</translation>
    </message>
    <message>
        <source>&amp;Thôn:</source>
        <translation>&amp;Village:</translation>
    </message>
    <message>
        <source>&amp;Khu vực:</source>
        <translation>&amp;Area:</translation>
    </message>
    <message>
        <source>Đị&amp;a chỉ:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>Điện t&amp;hoại:</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>Nhóm đối tượng</source>
        <translation>Target groups</translation>
    </message>
    <message>
        <source>Hộ có người có công với cách mạng</source>
        <translation>Household with a person of merit to the revolution</translation>
    </message>
    <message>
        <source>Hộ có đối tượng bảo trợ xã hội</source>
        <translation>Household with a social protection beneficiary</translation>
    </message>
    <message>
        <source>Hộ không có khả năng lao động</source>
        <translation>Household without working capacity</translation>
    </message>
    <message>
        <source>Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp</source>
        <translation>Household living from farming, forestry, fishery or salt making</translation>
    </message>
    <message>
        <source>Chỉ hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có đơn đề nghị (Mẫu 01) mới được xác định là hộ có mức sống trung bình.</source>
        <translation>Only a household living from farming, forestry, fishery or salt making that applies (Form 01) can be recognised as having an average living standard.</translation>
    </message>
    <message>
        <source>Nguyên nhân nghèo</source>
        <translation>Causes of poverty</translation>
    </message>
    <message>
        <source>Ghi rõ nguyên nhân khác</source>
        <translation>Specify other cause</translation>
    </message>
    <message>
        <source>Thêm &amp;người</source>
        <translation>Add &amp;member</translation>
    </message>
    <message>
        <source>&amp;Xoá người</source>
        <translation>De&amp;lete member</translation>
    </message>
    <message>
        <source>Lên</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Xuống</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>năm (1975) hoặc ngày (03/02/1975)</source>
        <translation>year (1975) or date (03/02/1975)</translation>
    </message>
    <message>
        <source>Năm/ngày sinh:</source>
        <translation>Year/date of birth:</translation>
    </message>
    <message>
        <source>12 số (hoặc CMND 9 số)</source>
        <translation>12 digits (or 9-digit old ID card)</translation>
    </message>
    <message>
        <source>Có thẻ BHYT</source>
        <translation>Has health insurance card</translation>
    </message>
    <message>
        <source>Không có thẻ BHYT</source>
        <translation>No health insurance card</translation>
    </message>
    <message>
        <source>Người khuyết tật</source>
        <translation>Person with a disability</translation>
    </message>
    <message>
        <source>&amp;Họ và tên:</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <source>Quan hệ với chủ hộ:</source>
        <translation>Relation to household head:</translation>
    </message>
    <message>
        <source>Giới tính:</source>
        <translation>Sex:</translation>
    </message>
    <message>
        <source>Dân tộc:</source>
        <translation>Ethnic group:</translation>
    </message>
    <message>
        <source>Số &amp;CCCD:</source>
        <translation>Citizen &amp;ID no.:</translation>
    </message>
    <message>
        <source>Trình độ học vấn:</source>
        <translation>Education:</translation>
    </message>
    <message>
        <source>Việc làm:</source>
        <translation>Employment:</translation>
    </message>
    <message>
        <source>Bảo hiểm y tế:</source>
        <translation>Health insurance:</translation>
    </message>
    <message>
        <source>Thành viên đang chọn</source>
        <translation>Selected member</translation>
    </message>
    <message>
        <source>&amp;Lưu (Ctrl+S)</source>
        <translation>&amp;Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&lt;b&gt;Thành viên của hộ&lt;/b&gt; (đúng một chủ hộ)</source>
        <translation>&lt;b&gt;Household members&lt;/b&gt; (exactly one head)</translation>
    </message>
    <message>
        <source>Thêm người (Alt+N)</source>
        <translation>Add member (Alt+N)</translation>
    </message>
    <message>
        <source>thành viên thứ {n}</source>
        <translation>member {n}</translation>
    </message>
    <message>
        <source>Không đọc được «{text}»: gõ năm (1975) hoặc ngày (03/02/1975).</source>
        <translation>Cannot read «{text}»: type a year (1975) or a date (03/02/1975).</translation>
    </message>
    <message>
        <source>Có thể trùng người: {name} ({year}) ở hộ {code} — {reason}.</source>
        <translation>Possibly the same person: {name} ({year}) in household {code} — {reason}.</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Nguyên nhân khác</source>
        <translation>Other cause</translation>
    </message>
    <message>
        <source>{what} dài {n} ký tự, quá {limit} ký tự sổ hộ ghi được: hãy viết gọn lại.</source>
        <translation>{what} is {n} characters long, more than the {limit} the register can hold: please shorten it.</translation>
    </message>
    <message>
        <source>Hộ dân tộc thiểu số (theo dân tộc của chủ hộ)</source>
        <translation>Ethnic minority household (by the head&apos;s ethnic group)</translation>
    </message>
    <message>
        <source>Hộ dân tộc Kinh</source>
        <translation>Kinh household</translation>
    </message>
    <message numerus="yes">
        <source>Còn {n} lỗi cần sửa trước khi lưu.</source>
        <translation>
            <numerusform>{n} error to fix before saving.</numerusform>
            <numerusform>{n} errors to fix before saving.</numerusform>
        </translation>
    </message>
    <message>
        <source>Xoá người khỏi hộ?</source>
        <translation>Remove the member?</translation>
    </message>
    <message>
        <source>Xoá {who} khỏi danh sách thành viên của hộ? (Chỉ có hiệu lực khi bấm Lưu.)</source>
        <translation>Remove {who} from the household&apos;s members? (It takes effect when you press Save.)</translation>
    </message>
    <message>
        <source>Đóng mà không lưu?</source>
        <translation>Close without saving?</translation>
    </message>
    <message>
        <source>Các thay đổi của hộ {code} chưa được lưu. Bỏ các thay đổi này?</source>
        <translation>The changes to household {code} are not saved. Discard them?</translation>
    </message>
</context>
<context>
    <name>HouseholdTable</name>
    <message>
        <source>Chưa phân loại</source>
        <translation>Not classified</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Chủ hộ</source>
        <translation>Household head</translation>
    </message>
    <message>
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Số nhân khẩu</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Đầu kỳ</source>
        <translation>At start</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Phiếu B</source>
        <translation>Form B</translation>
    </message>
    <message>
        <source>Chưa có</source>
        <translation>None yet</translation>
    </message>
    <message>
        <source>{head} · khớp: {member}</source>
        <translation>{head} · matched: {member}</translation>
    </message>
    <message>
        <source>Tìm thấy hộ này qua thành viên {member} (không phải chủ hộ).</source>
        <translation>This household was found through its member {member} (not the head).</translation>
    </message>
    <message>
        <source>chưa phân loại</source>
        <translation>not classified</translation>
    </message>
    <message>
        <source>Kết quả tính: {computed}; kết quả quyết định sau họp dân: {decided}</source>
        <translation>Computed result: {computed}; result decided after the village meeting: {decided}</translation>
    </message>
</context>
<context>
    <name>ImportFields</name>
    <message>
        <source>Số thứ tự hộ (STT)</source>
        <translation>Household number (No.)</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <source>Thôn, bản, tổ dân phố</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Mã thôn</source>
        <translation>Village code</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Khu vực (nông thôn/thành thị)</source>
        <translation>Area (rural/urban)</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Quan hệ với chủ hộ</source>
        <translation>Relation to the head</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Năm sinh</source>
        <translation>Year of birth</translation>
    </message>
    <message>
        <source>Năm sinh (cột Nam)</source>
        <translation>Year of birth (male column)</translation>
    </message>
    <message>
        <source>Năm sinh (cột Nữ)</source>
        <translation>Year of birth (female column)</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Dân tộc</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>Số CCCD/CMND</source>
        <translation>Identity number (CCCD/CMND)</translation>
    </message>
    <message>
        <source>Phân loại hộ (nghèo/cận nghèo)</source>
        <translation>Household status (poor/near-poor)</translation>
    </message>
    <message>
        <source>Hộ có người có công</source>
        <translation>Household with a person of merit</translation>
    </message>
    <message>
        <source>Hộ có đối tượng bảo trợ xã hội</source>
        <translation>Household with a social-protection beneficiary</translation>
    </message>
    <message>
        <source>Hộ không có khả năng lao động</source>
        <translation>Household with no working capacity</translation>
    </message>
    <message>
        <source>Hộ làm nông, lâm, ngư, diêm nghiệp</source>
        <translation>Farming, forestry, fishery or salt-making household</translation>
    </message>
    <message>
        <source>Nguyên nhân nghèo</source>
        <translation>Causes of poverty</translation>
    </message>
    <message>
        <source>Trình độ học vấn</source>
        <translation>Schooling</translation>
    </message>
    <message>
        <source>Bảo hiểm y tế</source>
        <translation>Health insurance</translation>
    </message>
    <message>
        <source>Việc làm</source>
        <translation>Employment</translation>
    </message>
    <message>
        <source>Khuyết tật</source>
        <translation>Disability</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Mẫu danh sách chính thức: dòng chủ hộ, tiếp theo là các thành viên</source>
        <translation>Official list layout: the head&apos;s row, then the members&apos; rows</translation>
    </message>
    <message>
        <source>Mỗi hộ một dòng (chủ hộ)</source>
        <translation>One row per household (the head)</translation>
    </message>
    <message>
        <source>Mỗi người một dòng, có cột mã hộ</source>
        <translation>One row per person, with a household code</translation>
    </message>
    <message>
        <source>Cập nhật hộ đã có</source>
        <translation>Update the existing household</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Thêm thành hộ mới</source>
        <translation>Add as a new household</translation>
    </message>
    <message>
        <source>Lỗi — </source>
        <translation>Error — </translation>
    </message>
    <message>
        <source>Cảnh báo — </source>
        <translation>Warning — </translation>
    </message>
    <message>
        <source>Ghi chú — </source>
        <translation>Note — </translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Nhập danh sách từ Excel</source>
        <translation>Import a list from Excel</translation>
    </message>
    <message>
        <source>&amp;Tiếp &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Quay lại</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Xong</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>&amp;Huỷ</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Đã huỷ: chưa ghi gì.</source>
        <translation>Cancelled: nothing was written.</translation>
    </message>
    <message>
        <source>Đang huỷ…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Đang đọc tệp…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Đang đọc lại tệp…</source>
        <translation>Reading the file again…</translation>
    </message>
    <message>
        <source>Không nhập được: {m} Cơ sở dữ liệu giữ nguyên.</source>
        <translation>Not imported: {m} The database is unchanged.</translation>
    </message>
    <message>
        <source>Đang ghi…</source>
        <translation>Writing…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ranoat — Rà soát hộ nghèo, hộ cận nghèo</source>
        <translation>Ranoat — Review of poor and near-poor households</translation>
    </message>
    <message>
        <source>Danh sách hộ</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Phiếu B</source>
        <translation>Form B</translation>
    </message>
    <message>
        <source>Kỳ rà soát</source>
        <translation>Review round</translation>
    </message>
    <message>
        <source>Chuẩn nghèo</source>
        <translation>Poverty standard</translation>
    </message>
    <message>
        <source>Tổng hợp</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>X&amp;em</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Đã lưu ảnh: {path}</source>
        <translation>Image saved: {path}</translation>
    </message>
    <message>
        <source>Chưa mở cơ sở dữ liệu. Dùng Tệp → Mở… hoặc Tệp → Cơ sở dữ liệu mới…</source>
        <translation>No database is open. Use File → Open… or File → New database…</translation>
    </message>
    <message>
        <source>không có</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Chuẩn đang áp dụng: {id}</source>
        <translation>Standard in force: {id}</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Xã</source>
        <translation>&amp;Commune</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Cơ sở dữ liệu mới…</source>
        <translation>&amp;New database…</translation>
    </message>
    <message>
        <source>&amp;Mở…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>Lưu &amp;bản sao…</source>
        <translation>Save a &amp;copy…</translation>
    </message>
    <message>
        <source>&amp;Nhập danh sách từ Excel…</source>
        <translation>&amp;Import a list from Excel…</translation>
    </message>
    <message>
        <source>&amp;Xuất Excel…</source>
        <translation>&amp;Export to Excel…</translation>
    </message>
    <message>
        <source>&amp;Gộp sổ của các xã…</source>
        <translation>&amp;Merge communes&apos; workbooks…</translation>
    </message>
    <message>
        <source>&amp;Sao lưu ngay</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <source>&amp;Khôi phục từ bản sao lưu…</source>
        <translation>&amp;Restore from backup…</translation>
    </message>
    <message>
        <source>&amp;Thoát</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>&amp;Thông tin xã, thôn…</source>
        <translation>Commune and &amp;villages…</translation>
    </message>
    <message>
        <source>&amp;Mở kỳ rà soát mới…</source>
        <translation>&amp;New review round…</translation>
    </message>
    <message>
        <source>&amp;Thêm hộ…</source>
        <translation>&amp;Add household…</translation>
    </message>
    <message>
        <source>Nạp &amp;bảng điểm Phiếu B…</source>
        <translation>Load Form B &amp;point table…</translation>
    </message>
    <message>
        <source>&amp;Danh sách hộ</source>
        <translation>&amp;Households</translation>
    </message>
    <message>
        <source>&amp;Phiếu B</source>
        <translation>&amp;Form B</translation>
    </message>
    <message>
        <source>&amp;Kỳ rà soát</source>
        <translation>&amp;Review round</translation>
    </message>
    <message>
        <source>&amp;Chuẩn nghèo</source>
        <translation>Poverty &amp;standard</translation>
    </message>
    <message>
        <source>&amp;Tổng hợp</source>
        <translation>S&amp;ummary</translation>
    </message>
    <message>
        <source>&amp;Hướng dẫn sử dụng</source>
        <translation>&amp;User guide (Vietnamese)</translation>
    </message>
    <message>
        <source>&amp;Giới thiệu Ranoat</source>
        <translation>&amp;About Ranoat</translation>
    </message>
    <message>
        <source>&amp;Ngôn ngữ / Language</source>
        <translation>&amp;Language / Ngôn ngữ</translation>
    </message>
    <message>
        <source>Giữ ngôn ngữ {language}.</source>
        <translation>Keeping {language}.</translation>
    </message>
    <message>
        <source>Ngôn ngữ / Language</source>
        <translation>Language / Ngôn ngữ</translation>
    </message>
    <message>
        <source>Ranoat sẽ hiển thị bằng {language} từ lần khởi động sau.</source>
        <translation>Ranoat will be in {language} from its next start.</translation>
    </message>
    <message>
        <source>Giới thiệu Ranoat</source>
        <translation>About Ranoat</translation>
    </message>
    <message>
        <source>Ranoat {version}
Rà soát hộ nghèo, hộ cận nghèo.</source>
        <translation>Ranoat {version}
Review of poor and near-poor households.</translation>
    </message>
    <message>
        <source>Đang lập trang Tổng hợp…</source>
        <translation>Building the Summary page…</translation>
    </message>
    <message>
        <source>Không sao lưu được khi mở cơ sở dữ liệu ({error}). Hãy kiểm tra ổ đĩa còn chỗ trống rồi dùng Tệp → Sao lưu ngay.</source>
        <translation>The backup on opening the database failed ({error}). Check that the disk has free space, then use File → Back up now.</translation>
    </message>
    <message>
        <source>CSDL: {path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <source>Ranoat — {name}</source>
        <translation>Ranoat — {name}</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu mới</source>
        <translation>New database</translation>
    </message>
    <message>
        <source>Ranoat (*.sqlite3)</source>
        <translation>Ranoat (*.sqlite3)</translation>
    </message>
    <message>
        <source>Mở cơ sở dữ liệu</source>
        <translation>Open database</translation>
    </message>
    <message>
        <source>Lưu bản sao</source>
        <translation>Save a copy</translation>
    </message>
    <message>
        <source>Đã lưu bản sao: {name}</source>
        <translation>Copy saved: {name}</translation>
    </message>
    <message>
        <source>Đã sao lưu: {name}</source>
        <translation>Backed up: {name}</translation>
    </message>
    <message>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Chưa có bản sao lưu nào.</source>
        <translation>There are no backups yet.</translation>
    </message>
    <message>
        <source>Khôi phục từ bản sao lưu</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>Chọn bản sao lưu:</source>
        <translation>Choose a backup:</translation>
    </message>
    <message>
        <source>Thay dữ liệu hiện tại bằng bản sao lưu này? Dữ liệu hiện tại sẽ được sao lưu trước.</source>
        <translation>Replace the current data with this backup? The current data will be backed up first.</translation>
    </message>
    <message>
        <source>Ranoat</source>
        <translation>Ranoat</translation>
    </message>
    <message>
        <source>Xuất Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Chưa có thông tin xã hoặc kỳ rà soát.</source>
        <translation>The commune details or the review round are missing.</translation>
    </message>
    <message>
        <source>Không lưu được thông tin xã: {error}</source>
        <translation>Could not save the commune details: {error}</translation>
    </message>
    <message>
        <source>Đã nạp bảng điểm “{title}” cho chuẩn {standard}.</source>
        <translation>Loaded point table “{title}” for standard {standard}.</translation>
    </message>
    <message>
        <source>Nạp bảng điểm Phiếu B</source>
        <translation>Load Form B point table</translation>
    </message>
    <message>
        <source>Bảng điểm (*.yaml)</source>
        <translation>Point table (*.yaml)</translation>
    </message>
    <message>
        <source>Bảng điểm Phiếu B</source>
        <translation>Form B point table</translation>
    </message>
    <message>
        <source>Thêm hộ</source>
        <translation>Add household</translation>
    </message>
    <message>
        <source>Hãy nhập thông tin xã và các thôn trước.</source>
        <translation>Enter the commune details and its villages first.</translation>
    </message>
    <message>
        <source>Xoá hộ {code} ({head}) và {n} thành viên? Bản sao lưu được tạo trước khi xoá.</source>
        <translation>Delete household {code} ({head}) and its {n} member(s)? A backup is made before deleting.</translation>
    </message>
    <message>
        <source>Xoá hộ</source>
        <translation>Delete household</translation>
    </message>
    <message>
        <source>Đã xoá hộ {code}.</source>
        <translation>Household {code} deleted.</translation>
    </message>
    <message>
        <source>Hãy mở một kỳ rà soát trước (Xã → Mở kỳ rà soát mới).</source>
        <translation>Open a review round first (Commune → New review round).</translation>
    </message>
    <message>
        <source>Đã đến đầu/cuối danh sách.</source>
        <translation>Reached the start/end of the list.</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Dòng tiêu đề và ghép cột</source>
        <translation>Header rows and column mapping</translation>
    </message>
    <message>
        <source>Ranoat đã tìm dòng tiêu đề và gợi ý cột cho từng trường theo tên cột. Kiểm tra, sửa nếu cần; lần sau tệp có cùng tiêu đề sẽ dùng lại cách ghép này.</source>
        <translation>Ranoat found the header rows and suggested a column for each field from the column names. Check and correct them; a file with the same headers will use this mapping next time.</translation>
    </message>
    <message>
        <source>Tự nhận biết theo các cột</source>
        <translation>Detect from the columns</translation>
    </message>
    <message>
        <source>theo cột Phân loại, hoặc theo tiêu đề danh sách</source>
        <translation>from the status column, or from the list&apos;s title</translation>
    </message>
    <message>
        <source>cả danh sách là hộ nghèo</source>
        <translation>the whole list is poor households</translation>
    </message>
    <message>
        <source>cả danh sách là hộ cận nghèo</source>
        <translation>the whole list is near-poor households</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Tiêu đề trong tệp</source>
        <translation>Header in the file</translation>
    </message>
    <message>
        <source>Dữ liệu mẫu</source>
        <translation>Sample data</translation>
    </message>
    <message>
        <source>Trường của Ranoat</source>
        <translation>Ranoat field</translation>
    </message>
    <message>
        <source>&amp;Lưu cách ghép cột ra tệp…</source>
        <translation>&amp;Save the mapping to a file…</translation>
    </message>
    <message>
        <source>Đọc lại &amp;tiêu đề</source>
        <translation>Read the &amp;header again</translation>
    </message>
    <message>
        <source>Dòng tiêu đề từ</source>
        <translation>Header rows from</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Kiểu danh sách:</source>
        <translation>List layout:</translation>
    </message>
    <message>
        <source>Năm của danh sách:</source>
        <translation>Year of the list:</translation>
    </message>
    <message>
        <source>Thôn chung (khi không có cột thôn):</source>
        <translation>Village for all (no village column):</translation>
    </message>
    <message>
        <source>Dân tộc chung (khi không có cột):</source>
        <translation>Ethnic group for all (no column):</translation>
    </message>
    <message>
        <source>Tình trạng hộ:</source>
        <translation>Household status:</translation>
    </message>
    <message>
        <source>Không tìm thấy dòng tiêu đề: hãy chọn các dòng tiêu đề rồi bấm “Đọc lại tiêu đề”.</source>
        <translation>No header row found: choose the header rows, then press “Read the header again”.</translation>
    </message>
    <message>
        <source>Đã dùng lại cách ghép cột lần trước cho tệp có cùng tiêu đề.</source>
        <translation>The mapping used last time for a file with the same headers was reused.</translation>
    </message>
    <message>
        <source>Các cột được gợi ý theo tiêu đề; cột không dùng để “—”.</source>
        <translation>Columns suggested from the headers; leave unused columns at “—”.</translation>
    </message>
    <message>
        <source>Lưu cách ghép cột</source>
        <translation>Save the mapping</translation>
    </message>
    <message>
        <source>Đã lưu cách ghép cột vào {path}.</source>
        <translation>Mapping saved to {path}.</translation>
    </message>
</context>
<context>
    <name>MatchesPage</name>
    <message>
        <source>Hộ đã có trong cơ sở dữ liệu</source>
        <translation>Households already in the database</translation>
    </message>
    <message>
        <source>Các hộ dưới đây giống hộ đã có (cùng số CCCD, hoặc cùng họ tên, năm sinh và thôn). Chọn cho từng hộ: cập nhật hộ đã có theo danh sách, bỏ qua, hoặc thêm thành hộ mới.</source>
        <translation>These households look like households already in the database (same identity number, or same name, year of birth and village). Choose for each: update the existing household from the list, skip it, or add it as a new household.</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Chủ hộ trong tệp</source>
        <translation>Head in the file</translation>
    </message>
    <message>
        <source>Hộ đã có</source>
        <translation>Existing household</translation>
    </message>
    <message>
        <source>Vì sao giống</source>
        <translation>Why alike</translation>
    </message>
    <message>
        <source>Xử lý</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Tất cả:</source>
        <translation>All:</translation>
    </message>
    <message>
        <source>{n} hộ trong tệp giống hộ đã có.</source>
        <translation>{n} households in the file look like existing ones.</translation>
    </message>
    <message>
        <source>Không có hộ nào trong tệp trùng với hộ đã có: mọi hộ sẽ được thêm mới.</source>
        <translation>No household in the file matches an existing one: every household will be added.</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <source>Họp dân thống nhất kết quả rà soát</source>
        <translation>Village meeting to agree the review results</translation>
    </message>
    <message>
        <source>— chọn thôn —</source>
        <translation>— choose a village —</translation>
    </message>
    <message>
        <source>theo biên bản họp</source>
        <translation>as in the meeting minutes</translation>
    </message>
    <message>
        <source>&amp;Thôn:</source>
        <translation>&amp;Village:</translation>
    </message>
    <message>
        <source>&amp;Ngày họp:</source>
        <translation>Meeting &amp;date:</translation>
    </message>
    <message>
        <source>Số người &amp;dự họp:</source>
        <translation>&amp;Attendees:</translation>
    </message>
    <message>
        <source>Số người đồng &amp;ý:</source>
        <translation>In &amp;favour:</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Chọn thôn đã họp.</source>
        <translation>Choose the village that met.</translation>
    </message>
    <message>
        <source>Nhập số người dự họp và số người đồng ý theo biên bản.</source>
        <translation>Type the number of attendees and the number who agreed, as in the minutes.</translation>
    </message>
    <message>
        <source>Số người dự họp phải từ 1 trở lên.</source>
        <translation>The number of attendees must be 1 or more.</translation>
    </message>
    <message>
        <source>Số người đồng ý ({agreed}) không được lớn hơn số người dự họp ({attendees}).</source>
        <translation>The number who agreed ({agreed}) cannot exceed the number of attendees ({attendees}).</translation>
    </message>
    <message>
        <source>đạt (từ 50% trở lên)</source>
        <translation>passed (50% or more)</translation>
    </message>
    <message>
        <source>chưa đạt: các phiếu của thôn sẽ được mở lại để rà soát và họp lại</source>
        <translation>not passed: the village&apos;s forms will be reopened for review and a new meeting</translation>
    </message>
    <message>
        <source>Tỷ lệ đồng ý: {p}% — {v}</source>
        <translation>Share in favour: {p}% — {v}</translation>
    </message>
</context>
<context>
    <name>MergeWindow</name>
    <message>
        <source>Gộp sổ trao đổi của các xã</source>
        <translation>Merge the communes&apos; exchange workbooks</translation>
    </message>
    <message>
        <source>Thêm các sổ trao đổi do xã xuất (tệp .xlsx), cả thư mục, hoặc kéo thả tệp vào đây. Tệp hỏng, bị sửa tay hoặc không phải sổ trao đổi sẽ bị từ chối và nêu lý do; người trùng giữa các xã chỉ được liệt kê để xác minh, không tự gộp.</source>
        <translation>Add the exchange workbooks exported by the communes (.xlsx files), a whole folder, or drag and drop files here. Damaged, hand-edited or foreign files are rejected with the reason; people found in more than one commune are only listed for checking, never merged automatically.</translation>
    </message>
    <message>
        <source>Thêm &amp;tệp…</source>
        <translation>Add &amp;files…</translation>
    </message>
    <message>
        <source>Thêm thư &amp;mục…</source>
        <translation>Add a f&amp;older…</translation>
    </message>
    <message>
        <source>&amp;Bỏ tệp đã chọn</source>
        <translation>&amp;Remove selected</translation>
    </message>
    <message>
        <source>Bỏ &amp;hết</source>
        <translation>Remove a&amp;ll</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Communes</translation>
    </message>
    <message>
        <source>Số hộ</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Lý do, ghi chú</source>
        <translation>Reason, notes</translation>
    </message>
    <message>
        <source>Tỉnh</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Huyện</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Cụm xã</source>
        <translation>Cluster of communes</translation>
    </message>
    <message>
        <source>để trống: tên tỉnh của các xã</source>
        <translation>leave empty: the communes&apos; province</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>để trống: không kiểm tra niêm phong</source>
        <translation>leave empty: seals are not checked</translation>
    </message>
    <message>
        <source>Tệp khoá niêm phong của tỉnh (ranoat seal new-key): có tệp này, niêm phong của từng xã được kiểm tra; sổ niêm phong sai, hoặc không niêm phong trong khi tỉnh đã cấp khoá cho xã, bị từ chối.</source>
        <translation>The province&apos;s seal keys file (ranoat seal new-key): with it, each commune&apos;s seal is checked; a workbook with a wrong seal, or unsealed while the province has issued the commune a key, is rejected.</translation>
    </message>
    <message>
        <source>Chọn tệp kh&amp;oá…</source>
        <translation>Choose &amp;key file…</translation>
    </message>
    <message>
        <source>Kho dữ liệu của tỉnh: tệp SQLite trên máy này, hoặc máy chủ postgresql+psycopg://người_dùng@máy/cơ_sở. Nạp vào kho giữ sổ của mọi xã qua các đợt; sổ cũ hơn của một xã được giữ làm lịch sử.</source>
        <translation>The province&apos;s data store: a SQLite file on this computer, or a server postgresql+psycopg://user@host/database. Loading into the store keeps every commune&apos;s workbook across rounds; a commune&apos;s older workbook is kept as history.</translation>
    </message>
    <message>
        <source>Nạ&amp;p vào kho</source>
        <translation>Load into the &amp;store</translation>
    </message>
    <message>
        <source>&amp;Xem kho…</source>
        <translation>&amp;View the store…</translation>
    </message>
    <message>
        <source>Mở thư mục chứa tệp khi xong</source>
        <translation>Open the folder when done</translation>
    </message>
    <message>
        <source>&amp;Cấp tổng hợp:</source>
        <translation>Merge &amp;level:</translation>
    </message>
    <message>
        <source>Tên đơn &amp;vị:</source>
        <translation>&amp;Unit name:</translation>
    </message>
    <message>
        <source>Tệp &amp;kết quả:</source>
        <translation>Output &amp;file:</translation>
    </message>
    <message>
        <source>Tệp khoá niêm phong:</source>
        <translation>Seal keys file:</translation>
    </message>
    <message>
        <source>Kho của tỉnh:</source>
        <translation>Province store:</translation>
    </message>
    <message>
        <source>Chưa có tệp nào.</source>
        <translation>No files yet.</translation>
    </message>
    <message>
        <source>&amp;Gộp</source>
        <translation>&amp;Merge</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Chọn sổ trao đổi của các xã</source>
        <translation>Choose the communes&apos; exchange workbooks</translation>
    </message>
    <message>
        <source>Sổ Excel (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Chọn thư mục chứa sổ của các xã</source>
        <translation>Choose the folder of the communes&apos; workbooks</translation>
    </message>
    <message>
        <source>Ghi sổ tổng hợp</source>
        <translation>Save the merged workbook</translation>
    </message>
    <message>
        <source>Chọn tệp khoá niêm phong của tỉnh</source>
        <translation>Choose the province&apos;s seal keys file</translation>
    </message>
    <message>
        <source>Tệp khoá (*.csv)</source>
        <translation>Keys file (*.csv)</translation>
    </message>
    <message>
        <source>Đã gộp</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>Đã nạp vào kho</source>
        <translation>Loaded into the store</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Tệp trùng</source>
        <translation>Duplicate file</translation>
    </message>
    <message>
        <source>Chờ gộp</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Khác chuẩn/kỳ</source>
        <translation>Other standard/round</translation>
    </message>
    <message>
        <source>Bị sửa tay</source>
        <translation>Edited by hand</translation>
    </message>
    <message>
        <source>Danh sách/biểu bị sửa</source>
        <translation>Lists/forms edited</translation>
    </message>
    <message>
        <source>Trùng mã xã</source>
        <translation>Commune code clash</translation>
    </message>
    <message>
        <source>Không rõ bản mới nhất</source>
        <translation>Newest export unclear</translation>
    </message>
    <message>
        <source>Đã gộp, cần xem ghi chú</source>
        <translation>Merged, see the note</translation>
    </message>
    <message>
        <source>Niêm phong sai</source>
        <translation>Wrong seal</translation>
    </message>
    <message>
        <source>Thiếu niêm phong</source>
        <translation>Seal missing</translation>
    </message>
    <message>
        <source>Niêm phong đã xác minh (mã khoá {key_id}).</source>
        <translation>Seal verified (key id {key_id}).</translation>
    </message>
    <message>
        <source>{n} tệp chờ gộp.</source>
        <translation>{n} file(s) waiting to be merged.</translation>
    </message>
    <message>
        <source>&amp;Huỷ</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Đang gộp…</source>
        <translation>Merging…</translation>
    </message>
    <message>
        <source>Đang nạp vào kho…</source>
        <translation>Loading into the store…</translation>
    </message>
    <message>
        <source>Kho {store}: đã nạp {loaded} tệp ({households} hộ); {same} tệp đã có, không đổi; {rejected} tệp bị từ chối.</source>
        <translation>Store {store}: {loaded} files loaded ({households} households); {same} files already there, unchanged; {rejected} files refused.</translation>
    </message>
    <message>
        <source>Đã huỷ: {left} tệp chưa nạp (các tệp đã nạp vẫn ở trong kho, đầy đủ).</source>
        <translation>Cancelled: {left} files not loaded (the files already loaded stay in the store, complete).</translation>
    </message>
    <message>
        <source>Xã khác chuẩn nghèo hoặc khác kỳ rà soát</source>
        <translation>Communes of another poverty standard or review round</translation>
    </message>
    <message>
        <source>Các tệp sau thuộc chuẩn nghèo hoặc kỳ rà soát khác với đa số và chưa được gộp:
{names}

Vẫn gộp cả các tệp này?</source>
        <translation>These files are of another poverty standard or review round than most and were not merged:
{names}

Merge them as well?</translation>
    </message>
    <message>
        <source>Không gộp được tệp nào: không ghi tệp tổng hợp. Xem lý do trong bảng.</source>
        <translation>No file could be merged: no merged workbook was written. See the reasons in the table.</translation>
    </message>
    <message>
        <source>Đã ghi {path}: {communes} xã, {households} hộ, {members} nhân khẩu. {rejected} tệp bị từ chối; {people} nhóm người trùng giữa các xã cần xác minh (trang Kiểm tra).</source>
        <translation>Wrote {path}: {communes} communes, {households} households, {members} people. {rejected} file(s) rejected; {people} group(s) of people found in several communes to check (sheet &quot;Kiểm tra&quot;).</translation>
    </message>
    <message>
        <source>Không kiểm tra niêm phong (chưa chọn tệp khoá niêm phong).</source>
        <translation>Seals not checked (no seal keys file chosen).</translation>
    </message>
    <message>
        <source>Niêm phong: {verified}/{inputs} tệp đã xác minh.</source>
        <translation>Seals: {verified}/{inputs} files verified.</translation>
    </message>
    <message>
        <source>Không ghi được tệp tổng hợp: {message}</source>
        <translation>Could not write the merged workbook: {message}</translation>
    </message>
    <message>
        <source>Đã huỷ: không có tệp nào được ghi.</source>
        <translation>Cancelled: no file was written.</translation>
    </message>
</context>
<context>
    <name>PapersDialog</name>
    <message>
        <source>Giấy tờ của kỳ rà soát</source>
        <translation>Papers of the review round</translation>
    </message>
    <message>
        <source>Cả xã (mỗi thôn một tệp)</source>
        <translation>Whole commune (one file per village)</translation>
    </message>
    <message>
        <source>Dùng mẫu &amp;riêng…</source>
        <translation>Use own &amp;template…</translation>
    </message>
    <message>
        <source>Dùng mẫu &amp;gốc</source>
        <translation>Use the &amp;shipped template</translation>
    </message>
    <message>
        <source>Dấu cách: chọn hoặc bỏ chọn hộ</source>
        <translation>Space: tick or untick a household</translation>
    </message>
    <message>
        <source>Chọn &amp;tất cả</source>
        <translation>&amp;Tick all</translation>
    </message>
    <message>
        <source>&amp;Bỏ chọn tất cả</source>
        <translation>&amp;Untick all</translation>
    </message>
    <message>
        <source>Chỉ &amp;hộ đang chọn trong sổ hộ</source>
        <translation>Only the &amp;household chosen in the register</translation>
    </message>
    <message>
        <source>Hộ được cấp giấy chứng nhận (hộ nghèo, hộ cận nghèo của kỳ):</source>
        <translation>Households that get a certificate (the round&apos;s poor and near-poor households):</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Ghi thêm PDF để in</source>
        <translation>Also write a PDF to print</translation>
    </message>
    <message>
        <source>Chưa có LibreOffice: mở tệp Word (.docx) để in.</source>
        <translation>LibreOffice not found: open the Word file (.docx) to print.</translation>
    </message>
    <message>
        <source>Kỳ chưa có quyết định: quyết định và giấy chứng nhận sẽ mang dấu DỰ THẢO.</source>
        <translation>The round has no decision yet: the decision and certificates will be marked DỰ THẢO (draft).</translation>
    </message>
    <message>
        <source>&amp;Soạn giấy tờ</source>
        <translation>&amp;Write papers</translation>
    </message>
    <message>
        <source>&amp;Mở để sửa, in…</source>
        <translation>&amp;Open to correct, print…</translation>
    </message>
    <message>
        <source>Giấy tờ:</source>
        <translation>Paper:</translation>
    </message>
    <message>
        <source>Mẫu:</source>
        <translation>Template:</translation>
    </message>
    <message>
        <source>Thôn:</source>
        <translation>Village:</translation>
    </message>
    <message>
        <source>Thư mục ghi:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>mẫu riêng của tỉnh, xã: {path}</source>
        <translation>the province&apos;s or commune&apos;s own template: {path}</translation>
    </message>
    <message>
        <source>mẫu gốc của Ranoat</source>
        <translation>Ranoat&apos;s shipped template</translation>
    </message>
    <message>
        <source>Mẫu Word (.docx)</source>
        <translation>Word template (.docx)</translation>
    </message>
    <message>
        <source>Word (*.docx)</source>
        <translation>Word (*.docx)</translation>
    </message>
    <message>
        <source>Đã dùng mẫu riêng {name}.</source>
        <translation>Now using the own template {name}.</translation>
    </message>
    <message>
        <source>Dùng mẫu gốc</source>
        <translation>Use the shipped template</translation>
    </message>
    <message>
        <source>Xoá mẫu riêng {path} và dùng lại mẫu gốc của Ranoat?</source>
        <translation>Delete the own template {path} and use Ranoat&apos;s shipped template again?</translation>
    </message>
    <message>
        <source>Thư mục ghi giấy tờ</source>
        <translation>Folder for the papers</translation>
    </message>
    <message>
        <source>Chưa chọn hộ nào để cấp giấy chứng nhận.</source>
        <translation>No household is ticked for a certificate.</translation>
    </message>
    <message>
        <source>Đã ghi {n} tệp.</source>
        <translation>Wrote {n} files.</translation>
    </message>
    <message>
        <source>Không có giấy tờ nào để ghi.</source>
        <translation>No paper to write.</translation>
    </message>
    <message>
        <source>Đã huỷ.</source>
        <translation>Cancelled.</translation>
    </message>
</context>
<context>
    <name>PointEntry</name>
    <message>
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>{n} điểm</source>
        <translation>{n} points</translation>
    </message>
</context>
<context>
    <name>PostingDialog</name>
    <message>
        <source>Niêm yết công khai danh sách</source>
        <translation>Public posting of the lists</translation>
    </message>
    <message>
        <source>Niêm yết &amp;từ ngày:</source>
        <translation>Posted &amp;from:</translation>
    </message>
    <message>
        <source>&amp;đến ngày:</source>
        <translation>&amp;to:</translation>
    </message>
</context>
<context>
    <name>PovertyCalculator</name>
    <message>
        <source>Chuẩn nghèo</source>
        <translation>Poverty standard</translation>
    </message>
    <message>
        <source>Khu vực</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Nông thôn</source>
        <translation>Rural</translation>
    </message>
    <message>
        <source>Thành thị</source>
        <translation>Urban</translation>
    </message>
    <message>
        <source>Điểm B1 (Phiếu B)</source>
        <translation>B1 score (Form B)</translation>
    </message>
    <message>
        <source>Thu nhập bình quân (đồng/người/tháng)</source>
        <translation>Average income (VND/person/month)</translation>
    </message>
    <message>
        <source>Điểm B1 hoặc thu nhập</source>
        <translation>B1 score or income</translation>
    </message>
    <message>
        <source>&amp;Chuẩn nghèo:</source>
        <translation>Poverty &amp;standard:</translation>
    </message>
    <message>
        <source>&amp;Khu vực:</source>
        <translation>&amp;Area:</translation>
    </message>
    <message>
        <source>Phân loại theo:</source>
        <translation>Classify by:</translation>
    </message>
    <message>
        <source>&amp;Giá trị:</source>
        <translation>&amp;Value:</translation>
    </message>
    <message>
        <source>Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có đơn đề nghị (Mẫu 01)</source>
        <translation>Farming, forestry, fishery or salt-making household that applied (Form 01)</translation>
    </message>
    <message>
        <source>Chỉ hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có đơn đề nghị mới được xác định là hộ có mức sống trung bình (theo thu nhập).</source>
        <translation>Only a household living from farming, forestry, fishery or salt making that applies can be recognised as having an average living standard (by income).</translation>
    </message>
    <message>
        <source>Chỉ số thiếu hụt dịch vụ xã hội cơ bản (đánh dấu chỉ số hộ bị thiếu hụt)</source>
        <translation>Basic social service deprivation indicators (tick those the household lacks)</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Di chuột hoặc chuyển đến một chỉ số để xem điều kiện thiếu hụt.</source>
        <translation>Hover over or move to an indicator to see its deprivation condition.</translation>
    </message>
    <message>
        <source>Điều kiện thiếu hụt chưa có trong dữ liệu quy chuẩn.</source>
        <translation>The rulebook does not give this deprivation condition yet.</translation>
    </message>
    <message>
        <source>ví dụ: 140</source>
        <translation>e.g. 140</translation>
    </message>
    <message>
        <source>điểm</source>
        <translation>points</translation>
    </message>
    <message>
        <source>ví dụ: 1.500.000</source>
        <translation>e.g. 1.500.000</translation>
    </message>
    <message>
        <source>đồng</source>
        <translation>VND</translation>
    </message>
    <message>
        <source>{label}: {rural_area} {rural} {noun}, {urban_area} {urban} {noun}.</source>
        <translation>{label}: {rural_area} {rural} {noun}, {urban_area} {urban} {noun}.</translation>
    </message>
    <message>
        <source>{label} của chuẩn {id} chưa được ban hành/cấu hình.</source>
        <translation>{label} of standard {id} is not issued or configured yet.</translation>
    </message>
    <message>
        <source>Nhập điểm B1 hoặc thu nhập bình quân để phân loại.</source>
        <translation>Enter a B1 score or an average income to classify.</translation>
    </message>
</context>
<context>
    <name>PovertyCause</name>
    <message>
        <source>1. Không có đất sản xuất</source>
        <translation>1. No production land</translation>
    </message>
    <message>
        <source>2. Không có vốn sản xuất, kinh doanh</source>
        <translation>2. No capital for production or business</translation>
    </message>
    <message>
        <source>3. Không có lao động</source>
        <translation>3. No labour</translation>
    </message>
    <message>
        <source>4. Không có công cụ, phương tiện sản xuất</source>
        <translation>4. No production tools or means</translation>
    </message>
    <message>
        <source>5. Không có kiến thức về sản xuất</source>
        <translation>5. No production know-how</translation>
    </message>
    <message>
        <source>6. Không có kỹ năng lao động, sản xuất</source>
        <translation>6. No work or production skills</translation>
    </message>
    <message>
        <source>7. Có người ốm đau, bệnh nặng, tai nạn</source>
        <translation>7. Sickness, serious illness or accident</translation>
    </message>
    <message>
        <source>8. Nguyên nhân khác</source>
        <translation>8. Other cause</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Tình trạng khi nhập</source>
        <translation>Status on import</translation>
    </message>
    <message>
        <source>Chuyển mã {enc} → Unicode:
trước: {before}
sau: {after}</source>
        <translation>Converted {enc} → Unicode:
before: {before}
after: {after}</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Quan hệ</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Năm sinh</source>
        <translation>Year of birth</translation>
    </message>
    <message>
        <source>Dân tộc</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>Identity number</translation>
    </message>
    <message>
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Xem trước và kiểm tra</source>
        <translation>Preview and checks</translation>
    </message>
    <message>
        <source>Ô đỏ: lỗi phải sửa trong tệp Excel rồi đọc lại; ô vàng: cảnh báo; ô xanh: chữ đã chuyển từ mã TCVN3/VNI sang Unicode (di chuột để xem trước/sau).</source>
        <translation>Red: an error to correct in the Excel file, then read it again; yellow: a warning; blue: text converted from TCVN3/VNI to Unicode (hover to see before/after).</translation>
    </message>
    <message>
        <source>Đọc &amp;lại tệp</source>
        <translation>Read the file &amp;again</translation>
    </message>
    <message>
        <source>{h} hộ, {p} nhân khẩu; {e} lỗi, {w} cảnh báo.</source>
        <translation>{h} households, {p} people; {e} errors, {w} warnings.</translation>
    </message>
    <message>
        <source>Chữ trong tệp theo mã {enc}: đã chuyển {n} ô sang Unicode.</source>
        <translation>The file&apos;s text is in {enc}: {n} cells converted to Unicode.</translation>
    </message>
    <message>
        <source>Thôn mới sẽ được tạo: {names}.</source>
        <translation>New villages to be created: {names}.</translation>
    </message>
    <message>
        <source>Bỏ qua {n} dòng không phải hộ (dòng tổng cộng, dòng trống, tiêu đề lặp lại).</source>
        <translation>{n} rows that are not households skipped (totals, blank rows, repeated headers).</translation>
    </message>
    <message>
        <source>Hãy sửa các lỗi trong tệp Excel rồi bấm “Đọc lại tệp”: chưa ghi gì.</source>
        <translation>Correct the errors in the Excel file, then press “Read the file again”: nothing has been written.</translation>
    </message>
    <message>
        <source>Không có tình trạng</source>
        <translation>No status</translation>
    </message>
    <message>
        <source>{status}: {n} hộ</source>
        <translation>{status}: {n} households</translation>
    </message>
    <message>
        <source>theo tiêu đề “{title}”</source>
        <translation>from the title “{title}”</translation>
    </message>
    <message>
        <source>theo lựa chọn “cả danh sách là …” ở bước ghép cột</source>
        <translation>from the choice “the whole list is …” in the column mapping step</translation>
    </message>
    <message>
        <source>theo cột phân loại hộ</source>
        <translation>from the status column</translation>
    </message>
    <message>
        <source>Tình trạng khi nhập: không hộ nào có tình trạng nghèo, cận nghèo (xem cảnh báo).</source>
        <translation>Status on import: no household gets a poor or near-poor status (see the warning).</translation>
    </message>
    <message>
        <source>Tình trạng khi nhập ({source}): {counts}.</source>
        <translation>Status on import ({source}): {counts}.</translation>
    </message>
    <message>
        <source>Tình trạng này không được ghi (xem cảnh báo).</source>
        <translation>This status will not be recorded (see the warning).</translation>
    </message>
</context>
<context>
    <name>ProvinceWindow</name>
    <message>
        <source>{year} — định kỳ</source>
        <translation>{year} — periodic</translation>
    </message>
    <message>
        <source>{year} — tổng rà soát</source>
        <translation>{year} — general review</translation>
    </message>
    <message>
        <source>{year} — thường xuyên tháng {month}</source>
        <translation>{year} — regular, month {month}</translation>
    </message>
    <message>
        <source>Kho dữ liệu của tỉnh</source>
        <translation>The province&apos;s data store</translation>
    </message>
    <message>
        <source>Tệp SQLite trên máy này, hoặc địa chỉ máy chủ postgresql+psycopg://người_dùng@máy:cổng/cơ_sở (mật khẩu: biến môi trường RANOAT_STORE_PASSWORD, không lưu ở đây).</source>
        <translation>A SQLite file on this computer, or a server address postgresql+psycopg://user@host:port/database (password: the environment variable RANOAT_STORE_PASSWORD, never saved here).</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>&amp;Làm mới</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Kho:</source>
        <translation>&amp;Store:</translation>
    </message>
    <message>
        <source>Đợt rà soát:</source>
        <translation>Review round:</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Mã xã</source>
        <translation>Commune code</translation>
    </message>
    <message>
        <source>Đợt</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>Xuất lúc</source>
        <translation>Exported at</translation>
    </message>
    <message>
        <source>Số hộ</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Nhân khẩu</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Bản cũ</source>
        <translation>Older copies</translation>
    </message>
    <message>
        <source>Mã kiểm tra (SHA-256)</source>
        <translation>Checksum (SHA-256)</translation>
    </message>
    <message>
        <source>Tổng hợp</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Sổ đã nạp</source>
        <translation>Loaded workbooks</translation>
    </message>
    <message>
        <source>Bấm «Làm mới» để đọc kho.</source>
        <translation>Press “Refresh” to read the store.</translation>
    </message>
    <message>
        <source>Xuất &amp;biểu 7.1–7.10…</source>
        <translation>Export &amp;forms 7.1–7.10…</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>&amp;Huỷ</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Đang đọc kho…</source>
        <translation>Reading the store…</translation>
    </message>
    <message>
        <source>Chọn tệp kho dữ liệu</source>
        <translation>Choose the store file</translation>
    </message>
    <message>
        <source>Kho SQLite (*.sqlite3)</source>
        <translation>SQLite store (*.sqlite3)</translation>
    </message>
    <message>
        <source>Ghi biểu 7.1–7.10</source>
        <translation>Save forms 7.1–7.10</translation>
    </message>
    <message>
        <source>Kho {store} chưa có sổ nào.</source>
        <translation>The store {store} has no workbook yet.</translation>
    </message>
    <message>
        <source>Kho {store}: {communes} xã, {households} hộ, {members} nhân khẩu trong đợt {round}.</source>
        <translation>Store {store}: {communes} communes, {households} households, {members} people in round {round}.</translation>
    </message>
    <message>
        <source>Đã ghi biểu 7.1–7.10 vào {path}.</source>
        <translation>Forms 7.1–7.10 written to {path}.</translation>
    </message>
    <message>
        <source>không rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Đợt {round}: còn thiếu {n} xã: {names}</source>
        <translation>Round {round}: {n} communes missing: {names}</translation>
    </message>
    <message>
        <source>Mọi xã trong kho đã có sổ của từng đợt đã nạp.</source>
        <translation>Every commune in the store has a workbook for each round loaded.</translation>
    </message>
    <message>
        <source>Không đọc được kho: {message}</source>
        <translation>Cannot read the store: {message}</translation>
    </message>
    <message>
        <source>Đã huỷ: không ghi tệp nào.</source>
        <translation>Cancelled: no file written.</translation>
    </message>
</context>
<context>
    <name>RecheckDialog</name>
    <message>
        <source>Phúc tra khiếu nại của hộ {household}</source>
        <translation>Re-check of the complaint of household {household}</translation>
    </message>
    <message>
        <source>&amp;Khiếu nại:</source>
        <translation>&amp;Complaint:</translation>
    </message>
    <message>
        <source>Ngày &amp;phúc tra:</source>
        <translation>Re-check &amp;date:</translation>
    </message>
    <message>
        <source>&amp;Kết quả phúc tra:</source>
        <translation>Re-check &amp;result:</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <source>Tìm theo tên, số CCCD hoặc mã hộ (gõ không dấu cũng được)…</source>
        <translation>Find by name, citizen ID or household code (diacritics optional)…</translation>
    </message>
    <message>
        <source>Tìm kiếm</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Kỳ rà soát</source>
        <translation>Review round</translation>
    </message>
    <message>
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Mọi kết quả</source>
        <translation>All results</translation>
    </message>
    <message>
        <source>Chưa phân loại</source>
        <translation>Not classified</translation>
    </message>
    <message>
        <source>Tình trạng phiếu</source>
        <translation>Form status</translation>
    </message>
    <message>
        <source>Mọi tình trạng phiếu</source>
        <translation>All form statuses</translation>
    </message>
    <message>
        <source>Chưa có phiếu</source>
        <translation>No form yet</translation>
    </message>
    <message>
        <source>Tì&amp;m:</source>
        <translation>Fi&amp;nd:</translation>
    </message>
    <message>
        <source>Thêm &amp;hộ</source>
        <translation>&amp;Add household</translation>
    </message>
    <message>
        <source>X&amp;oá hộ…</source>
        <translation>&amp;Delete household…</translation>
    </message>
    <message>
        <source>Chưa có kỳ rà soát (Xã → Mở kỳ rà soát mới…)</source>
        <translation>No review round yet (Commune → New review round…)</translation>
    </message>
    <message>
        <source>&amp;Kỳ rà soát:</source>
        <translation>Review &amp;round:</translation>
    </message>
    <message>
        <source>&amp;Sửa hộ</source>
        <translation>&amp;Edit household</translation>
    </message>
    <message>
        <source>&amp;Nhập phiếu B</source>
        <translation>Enter Form &amp;B</translation>
    </message>
    <message>
        <source>Enter: nhập phiếu B · Ctrl+E: sửa hộ · Ctrl+F: tìm</source>
        <translation>Enter: Form B · Ctrl+E: edit household · Ctrl+F: find</translation>
    </message>
    <message>
        <source>Mọi thôn</source>
        <translation>All villages</translation>
    </message>
    <message numerus="yes">
        <source>{n} hộ</source>
        <translation>
            <numerusform>{n} household</numerusform>
            <numerusform>{n} households</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Relation</name>
    <message>
        <source>Chủ hộ</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Vợ/chồng</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>Con</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Bố/mẹ</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>Cháu</source>
        <translation>Grandchild</translation>
    </message>
    <message>
        <source>Ông/bà</source>
        <translation>Grandparent</translation>
    </message>
    <message>
        <source>Anh/chị/em</source>
        <translation>Sibling</translation>
    </message>
    <message>
        <source>Con dâu/con rể</source>
        <translation>Child-in-law</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>Mở lại kỳ rà soát (đính chính quyết định)</source>
        <translation>Reopen the review round (correction of the decision)</translation>
    </message>
    <message>
        <source>ví dụ: Quyết định số 130/QĐ-UBND đính chính kết quả hộ …</source>
        <translation>e.g. Decision No. 130/QĐ-UBND correcting the result of household …</translation>
    </message>
    <message>
        <source>Quyết định đang có:</source>
        <translation>Current decision:</translation>
    </message>
    <message>
        <source>&amp;Lý do mở lại:</source>
        <translation>&amp;Reason for reopening:</translation>
    </message>
    <message>
        <source>&amp;Người quyết định:</source>
        <translation>&amp;Ordered by:</translation>
    </message>
</context>
<context>
    <name>ReviewListDialog</name>
    <message>
        <source>Trong danh sách đầu kỳ</source>
        <translation>On the list at the start of the round</translation>
    </message>
    <message>
        <source>Có đơn đề nghị rà soát (Mẫu 01)</source>
        <translation>Applied for review (Form 01)</translation>
    </message>
    <message>
        <source>Có đơn đề nghị công nhận thoát nghèo, thoát cận nghèo (Mẫu 04)</source>
        <translation>Applied to be recognised as out of poverty or near-poverty (Form 04)</translation>
    </message>
    <message>
        <source>Cán bộ bổ sung vào danh sách</source>
        <translation>Added to the list by an officer</translation>
    </message>
    <message>
        <source>Không thuộc diện rà soát kỳ này</source>
        <translation>Not under review this round</translation>
    </message>
    <message>
        <source>Không có</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Hộ một người đã chết</source>
        <translation>One-person household, deceased</translation>
    </message>
    <message>
        <source>Chuyển đi nơi khác</source>
        <translation>Moved away</translation>
    </message>
    <message>
        <source>Nhập vào hộ khác</source>
        <translation>Merged into another household</translation>
    </message>
    <message>
        <source>Chuyển đến</source>
        <translation>Moved in</translation>
    </message>
    <message>
        <source>Tách hộ</source>
        <translation>Split from a household</translation>
    </message>
    <message>
        <source>Danh sách rà soát — hộ {household}</source>
        <translation>Review list — household {household}</translation>
    </message>
    <message>
        <source>&amp;Lý do rà soát:</source>
        <translation>&amp;Review reason:</translation>
    </message>
    <message>
        <source>Ngày nộp đơn:</source>
        <translation>Application date:</translation>
    </message>
    <message>
        <source>Lý do đề nghị:</source>
        <translation>Reason given:</translation>
    </message>
    <message>
        <source>&amp;Biến động khác:</source>
        <translation>&amp;Other change:</translation>
    </message>
    <message>
        <source>Lý do biến động:</source>
        <translation>Reason for the change:</translation>
    </message>
</context>
<context>
    <name>RoundDialog</name>
    <message>
        <source>Mở kỳ rà soát mới</source>
        <translation>New review round</translation>
    </message>
    <message>
        <source>Rà soát định kỳ (1/9 – 14/12)</source>
        <translation>Periodic review (1 Sep – 14 Dec)</translation>
    </message>
    <message>
        <source>Rà soát thường xuyên (hằng tháng)</source>
        <translation>Ongoing review (monthly)</translation>
    </message>
    <message>
        <source>Tổng rà soát theo chuẩn mới (danh sách giai đoạn mới)</source>
        <translation>General review under the new standard (the new period&apos;s lists)</translation>
    </message>
    <message>
        <source>&amp;Năm:</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <source>&amp;Loại:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>&amp;Tháng:</source>
        <translation>&amp;Month:</translation>
    </message>
    <message>
        <source>&amp;Chuẩn nghèo áp dụng:</source>
        <translation>Poverty &amp;standard applied:</translation>
    </message>
    <message>
        <source>Chuẩn nghèo đổi vào ngày 01/01/{next}: năm {year} vẫn áp dụng chuẩn {old}, từ năm {next} áp dụng chuẩn {new}. Khi chuẩn đổi cuối năm 2021, các tỉnh vừa rà soát định kỳ trong năm theo chuẩn cũ, vừa tổng rà soát theo chuẩn mới để lập danh sách cho giai đoạn mới. Hai kỳ này có thể cùng tồn tại: mở «Rà soát định kỳ» theo chuẩn {old} và «Tổng rà soát» theo chuẩn {new}. Kỳ nào theo chuẩn nào là theo hướng dẫn của tỉnh; Ranoat không tự quyết định thay.</source>
        <translation>The poverty standard changes on 01/01/{next}: {year} still uses standard {old}, from {next} standard {new} applies. When the standard changed at the end of 2021, provinces ran the year&apos;s periodic review under the old standard and a general review under the new one for the lists of the new period. Both rounds can exist side by side: open a &quot;Periodic review&quot; under {old} and a &quot;General review&quot; under {new}. Which round uses which standard is the province&apos;s instruction; Ranoat does not decide it for you.</translation>
    </message>
    <message>
        <source>Tổng rà soát dùng khi chuẩn nghèo thay đổi, để lập danh sách cho giai đoạn mới theo chuẩn mới. Năm {year} không có chuẩn mới: thông thường chỉ cần rà soát định kỳ.</source>
        <translation>A general review is for a change of standard: it makes the lists of the new period under the new standard. {year} has no new standard: usually the periodic review is all that is needed.</translation>
    </message>
    <message>
        <source>Mặc định là chuẩn có hiệu lực trong năm {year}, cũng là chuẩn của năm danh sách được áp dụng. Ranoat không tự quyết định thay: hãy kiểm tra văn bản hướng dẫn của cấp trên.</source>
        <translation>The default is the standard in force in {year}, which is also the standard of the year the lists apply to. Ranoat does not decide for you: check the instructions from the level above.</translation>
    </message>
    <message>
        <source>Lưu ý: ngưỡng điểm B1 của chuẩn {id} chưa được ban hành/cấu hình — chưa phân loại được theo điểm B1; phân loại theo thu nhập (khi nhập thu nhập bình quân) vẫn dùng được.</source>
        <translation>Note: the B1 score thresholds of standard {id} are not published/configured — households cannot be classified by the B1 score; classification by income (when the average income is entered) still works.</translation>
    </message>
</context>
<context>
    <name>RoundLabel</name>
    <message>
        <source>Rà soát định kỳ năm {year} — chuẩn {standard}</source>
        <translation>Periodic review {year} — standard {standard}</translation>
    </message>
    <message>
        <source>Tổng rà soát năm {year} (danh sách giai đoạn mới) — chuẩn {standard}</source>
        <translation>General review {year} (new period&apos;s lists) — standard {standard}</translation>
    </message>
    <message>
        <source>Rà soát thường xuyên tháng {month} năm {year} — chuẩn {standard}</source>
        <translation>Ongoing review {month}/{year} — standard {standard}</translation>
    </message>
</context>
<context>
    <name>RoundPage</name>
    <message>
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Cần rà soát</source>
        <translation>To review</translation>
    </message>
    <message>
        <source>Đã nhập phiếu</source>
        <translation>Form entered</translation>
    </message>
    <message>
        <source>Đã kiểm tra</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>Chưa nhập</source>
        <translation>Not entered</translation>
    </message>
    <message>
        <source>Họp dân (% đồng ý)</source>
        <translation>Meeting (% in favour)</translation>
    </message>
    <message>
        <source>Danh sách rà soát của hộ đang chọn…</source>
        <translation>Review list of the selected household…</translation>
    </message>
    <message>
        <source>&amp;Họp dân…</source>
        <translation>Village &amp;meeting…</translation>
    </message>
    <message>
        <source>&amp;Niêm yết…</source>
        <translation>&amp;Posting…</translation>
    </message>
    <message>
        <source>&amp;Khiếu nại của hộ đang chọn…</source>
        <translation>&amp;Complaint of the selected household…</translation>
    </message>
    <message>
        <source>Phúc &amp;tra…</source>
        <translation>&amp;Re-check…</translation>
    </message>
    <message>
        <source>Ra &amp;quyết định…</source>
        <translation>&amp;Decision…</translation>
    </message>
    <message>
        <source>Mở &amp;lại kỳ (đính chính quyết định)…</source>
        <translation>Re&amp;open the round (correction)…</translation>
    </message>
    <message>
        <source>&amp;Phiếu giải thích của thôn (PDF)…</source>
        <translation>Village &amp;explanation sheets (PDF)…</translation>
    </message>
    <message>
        <source>&amp;Giấy tờ…</source>
        <translation>&amp;Papers…</translation>
    </message>
    <message>
        <source>Đổi &amp;chuẩn nghèo của kỳ…</source>
        <translation>&amp;Change the round&apos;s standard…</translation>
    </message>
    <message>
        <source>X&amp;oá kỳ rà soát trống…</source>
        <translation>Delete an empty r&amp;ound…</translation>
    </message>
    <message>
        <source>theo điểm B1</source>
        <translation>by B1 score</translation>
    </message>
    <message>
        <source>theo thu nhập đã ghi</source>
        <translation>by recorded income</translation>
    </message>
    <message>
        <source>&amp;So sánh</source>
        <translation>C&amp;ompare</translation>
    </message>
    <message>
        <source>Phân loại lại theo chuẩn khác (không thay đổi kết quả đã lưu):</source>
        <translation>Reclassify under another standard (saved results are not changed):</translation>
    </message>
    <message>
        <source>Chưa có kỳ rà soát. Xã → Mở kỳ rà soát mới…</source>
        <translation>No review round yet. Commune → New review round…</translation>
    </message>
    <message>
        <source>niêm yết {a} – {b}</source>
        <translation>posted {a} – {b}</translation>
    </message>
    <message>
        <source>chưa niêm yết</source>
        <translation>not posted yet</translation>
    </message>
    <message>
        <source>Quyết định số {n} ngày {d} — đã khoá</source>
        <translation>Decision no. {n} of {d} — locked</translation>
    </message>
    <message>
        <source>chưa có quyết định</source>
        <translation>no decision yet</translation>
    </message>
    <message>
        <source>Đổi chuẩn nghèo của kỳ rà soát</source>
        <translation>Change the round&apos;s poverty standard</translation>
    </message>
    <message>
        <source>Kỳ «{round}» đang theo chuẩn {id}. Chỉ đổi được khi chưa có Phiếu B nào đã kiểm tra; mọi Phiếu B của kỳ được phân loại lại theo chuẩn mới. Chuẩn mới:</source>
        <translation>The round “{round}” uses the {id} standard. It can be changed only while no Phiếu B is checked; every Phiếu B of the round is classified again under the new standard. New standard:</translation>
    </message>
    <message>
        <source>Lý do đổi chuẩn (ghi vào nhật ký thay đổi):</source>
        <translation>Reason for the change (written to the change log):</translation>
    </message>
    <message>
        <source>Đã đổi chuẩn nghèo của kỳ sang {id}: {n} Phiếu B được phân loại lại.</source>
        <translation>The round now uses the {id} standard: {n} Phiếu B classified again.</translation>
    </message>
    <message>
        <source>Xoá kỳ «{round}»? Kỳ chưa có Phiếu B, cuộc họp hay khiếu nại nào; danh sách rà soát đầu kỳ của kỳ này cũng bị xoá. Một bản sao lưu được tạo trước khi xoá.</source>
        <translation>Delete the round “{round}”? It has no Phiếu B, meeting or complaint; its start-of-period list is deleted too. A backup is made before deleting.</translation>
    </message>
    <message>
        <source>Xoá kỳ rà soát</source>
        <translation>Delete the round</translation>
    </message>
    <message>
        <source>Đã xoá kỳ «{round}».</source>
        <translation>The round “{round}” was deleted.</translation>
    </message>
    <message>
        <source>{village}: {agreed}/{attendees} người đồng ý ({p}%), dưới 50%.

{n} phiếu đã kiểm tra hoặc đã duyệt của thôn sẽ chuyển về «Nháp» để rà soát lại, rồi họp dân lại.

Ghi kết quả cuộc họp này?</source>
        <translation>{village}: {agreed}/{attendees} agreed ({p}%), below 50%.

{n} checked or approved forms of the village will go back to “Draft” to be surveyed again, and the village will meet again.

Record this meeting?</translation>
    </message>
    <message>
        <source>Họp dân chưa đạt</source>
        <translation>Village meeting below 50%</translation>
    </message>
    <message>
        <source>Chưa ghi cuộc họp: kiểm tra lại số người dự họp và số người đồng ý.</source>
        <translation>The meeting was not recorded: check the number of attendees and the number who agreed.</translation>
    </message>
    <message>
        <source>Dưới 50% đồng ý: {n} phiếu của thôn được mở lại.</source>
        <translation>Less than 50% in favour: {n} of the village&apos;s forms reopened.</translation>
    </message>
    <message>
        <source>Hộ đang chọn chưa có khiếu nại nào trong kỳ này.</source>
        <translation>The selected household has no complaint in this round.</translation>
    </message>
    <message>
        <source>Ghi Quyết định số {number} ngày {date} công nhận danh sách hộ nghèo, hộ cận nghèo của kỳ «{round}»?

Kỳ rà soát sẽ được khoá: mọi Phiếu B, kết quả và danh sách chỉ còn xem, không sửa được nữa. Chỉ mở lại được khi Chủ tịch UBND xã đính chính quyết định (nút «Mở lại kỳ»).</source>
        <translation>Record Decision No. {number} of {date} recognising the poor and near-poor households of “{round}”?

The round will be locked: every Phiếu B, result and list becomes read-only. It can be reopened only when the commune chair corrects the decision (the “Reopen the round” button).</translation>
    </message>
    <message>
        <source>Ghi trước khi hết niêm yết hoặc giải quyết xong khiếu nại: {problems} Lý do (lưu vào nhật ký thay đổi): «{reason}».</source>
        <translation>Recorded before the posting ends or the complaints are settled: {problems} Reason (kept in the audit log): “{reason}”.</translation>
    </message>
    <message>
        <source>Ghi quyết định và khoá kỳ rà soát</source>
        <translation>Record the decision and lock the round</translation>
    </message>
    <message>
        <source>Chưa ghi quyết định.</source>
        <translation>The decision was not recorded.</translation>
    </message>
    <message>
        <source>Quyết định số {n} ngày {d}</source>
        <translation>Decision No. {n} of {d}</translation>
    </message>
    <message>
        <source>Cần ghi lý do mở lại (theo văn bản đính chính) và người quyết định.</source>
        <translation>Give the reason for reopening (as in the correcting document) and who ordered it.</translation>
    </message>
    <message>
        <source>Mở lại kỳ «{round}»?

{decision} được gỡ khỏi kỳ rà soát (vẫn lưu trong nhật ký thay đổi, cùng lý do và người quyết định); các phiếu và kết quả sửa được trở lại cho tới khi ghi quyết định đính chính. Một bản sao lưu được tạo trước khi mở lại.</source>
        <translation>Reopen “{round}”?

{decision} is removed from the round (it stays in the audit log, with the reason and who ordered it); forms and results can be changed again until the corrected decision is recorded. A backup is made before reopening.</translation>
    </message>
    <message>
        <source>Mở lại kỳ rà soát</source>
        <translation>Reopen the review round</translation>
    </message>
    <message>
        <source>Chưa mở lại kỳ rà soát.</source>
        <translation>The round was not reopened.</translation>
    </message>
    <message>
        <source>Đã mở lại kỳ rà soát; bản sao lưu trước khi mở lại: {name}.</source>
        <translation>The round is open again; backup made before reopening: {name}.</translation>
    </message>
    <message>
        <source>Chọn một thôn trong bảng trước.</source>
        <translation>Choose a village in the table first.</translation>
    </message>
    <message>
        <source>Phiếu giải thích của thôn</source>
        <translation>Village explanation sheets</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Đã ghi {n} phiếu giải thích vào {name}.</source>
        <translation>Wrote {n} explanation sheets to {name}.</translation>
    </message>
    <message>
        <source>Kỳ này chưa có phiếu nào.</source>
        <translation>This round has no forms yet.</translation>
    </message>
    <message>
        <source>{label}: {a} → {b}</source>
        <translation>{label}: {a} → {b}</translation>
    </message>
    <message>
        <source>Theo {id}: {parts}; {n} hộ đổi kết quả.</source>
        <translation>Under {id}: {parts}; {n} households change result.</translation>
    </message>
    <message>
        <source>{n} phiếu không phân loại được theo chuẩn này (xem cột Ghi chú).</source>
        <translation>{n} forms cannot be classified under this standard (see the Note column).</translation>
    </message>
</context>
<context>
    <name>RuleText</name>
    <message>
        <source>* Chi tiết này chưa đối chiếu được với văn bản chính thức; khi có vướng mắc, hỏi cán bộ cấp trên.</source>
        <translation>* This detail has not been checked against the official text yet; if in doubt, ask the officer at the level above.</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Nhập vào cơ sở dữ liệu</source>
        <translation>Import into the database</translation>
    </message>
    <message>
        <source>Ranoat sao lưu cơ sở dữ liệu rồi ghi cả danh sách trong một lần: nếu có trục trặc hoặc bạn huỷ, cơ sở dữ liệu giữ nguyên như trước.</source>
        <translation>Ranoat backs up the database, then writes the whole list at once: if anything goes wrong or you cancel, the database stays as it was.</translation>
    </message>
    <message>
        <source>&amp;Nhập danh sách</source>
        <translation>&amp;Import the list</translation>
    </message>
    <message>
        <source>Sẽ thêm {a} hộ, cập nhật {u} hộ, bỏ qua {s} hộ.</source>
        <translation>{a} households will be added, {u} updated, {s} skipped.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu còn trống: sổ trao đổi được khôi phục toàn bộ — {h} hộ, {r} kỳ rà soát, {p} phiếu B, {m} cuộc họp thôn, {c} khiếu nại, như ở xã đã xuất sổ.</source>
        <translation>The database is empty: the exchange workbook is restored whole — {h} households, {r} review rounds, {p} Phiếu B forms, {m} village meetings, {c} complaints, as in the commune that exported it.</translation>
    </message>
    <message>
        <source>Tình trạng nghèo, cận nghèo theo danh sách được ghi thành kỳ rà soát định kỳ năm {y} (đã đóng, chuẩn {s}); kỳ rà soát tiếp theo bắt đầu từ đó.</source>
        <translation>The list&apos;s poor and near-poor statuses are recorded as the closed periodic review round of {y} (standard {s}); the next review round starts from them.</translation>
    </message>
    <message>
        <source>Mã hộ {old} đã có: hộ mới được đặt mã {new}.</source>
        <translation>Household code {old} already exists: the new household gets code {new}.</translation>
    </message>
    <message>
        <source>Bản sao lưu trước khi nhập: {path}</source>
        <translation>Backup made before the import: {path}</translation>
    </message>
</context>
<context>
    <name>Schooling</name>
    <message>
        <source>Chưa/không đi học</source>
        <translation>Not in school, never attended</translation>
    </message>
    <message>
        <source>Đang đi học</source>
        <translation>In school</translation>
    </message>
    <message>
        <source>Tốt nghiệp tiểu học</source>
        <translation>Primary school completed</translation>
    </message>
    <message>
        <source>Tốt nghiệp THCS</source>
        <translation>Lower secondary completed</translation>
    </message>
    <message>
        <source>Tốt nghiệp THPT</source>
        <translation>Upper secondary completed</translation>
    </message>
    <message>
        <source>Sơ cấp/trung cấp/cao đẳng nghề</source>
        <translation>Vocational training</translation>
    </message>
    <message>
        <source>Cao đẳng, đại học trở lên</source>
        <translation>College, university or higher</translation>
    </message>
</context>
<context>
    <name>Sex</name>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>StandardsPage</name>
    <message>
        <source>Chuẩn</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Hiệu lực</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>Còn thiếu</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>&amp;Nạp chuẩn nghèo của tỉnh…</source>
        <translation>&amp;Load a provincial standard…</translation>
    </message>
    <message>
        <source>Nạp tệp chuẩn nghèo riêng của tỉnh (YAML, cùng định dạng với các chuẩn quốc gia).</source>
        <translation>Load a province&apos;s own poverty standard from a file (YAML, the same format as the national standards).</translation>
    </message>
    <message>
        <source>Không dùng được tệp chuẩn nghèo trong thư mục dữ liệu: {problems}</source>
        <translation>Standard files in the data folder that cannot be used: {problems}</translation>
    </message>
    <message>
        <source> (đang áp dụng)</source>
        <translation> (in force)</translation>
    </message>
    <message>
        <source> — chuẩn của tỉnh {name}</source>
        <translation> — standard of {name} province</translation>
    </message>
    <message>
        <source>{n} mục</source>
        <translation>{n} items</translation>
    </message>
    <message>
        <source>đủ</source>
        <translation>complete</translation>
    </message>
    <message>
        <source>&lt;p&gt;Chuẩn riêng của tỉnh &lt;b&gt;{name}&lt;/b&gt; (mã tỉnh {code}), nâng chuẩn quốc gia {raises}; chỉ dùng cho các xã của tỉnh này.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Own standard of &lt;b&gt;{name}&lt;/b&gt; province (province code {code}), raising the national standard {raises}; for the communes of this province only.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Mã băm (SHA-256) của dữ liệu: &lt;code&gt;{sha}&lt;/code&gt;&lt;br&gt;Tệp: {path}&lt;/p&gt;</source>
        <translation>&lt;p&gt;Data hash (SHA-256): &lt;code&gt;{sha}&lt;/code&gt;&lt;br&gt;File: {path}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{title}&lt;/b&gt;&lt;/p&gt;{scope}&lt;p&gt;Căn cứ:&lt;/p&gt;&lt;ul&gt;{basis}&lt;/ul&gt;{gaps}{digest}</source>
        <translation>&lt;p&gt;&lt;b&gt;{title}&lt;/b&gt;&lt;/p&gt;{scope}&lt;p&gt;Legal basis:&lt;/p&gt;&lt;ul&gt;{basis}&lt;/ul&gt;{gaps}{digest}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Các chuẩn nghèo&lt;/b&gt;</source>
        <translation>&lt;b&gt;Poverty standards&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Căn cứ pháp lý và phần còn thiếu</source>
        <translation>Legal basis and missing parts</translation>
    </message>
    <message>
        <source>Máy tính phân loại hộ</source>
        <translation>Household classification calculator</translation>
    </message>
    <message>
        <source>Nạp chuẩn nghèo của tỉnh</source>
        <translation>Load a provincial standard</translation>
    </message>
    <message>
        <source>Tệp chuẩn nghèo (*.yaml *.yml)</source>
        <translation>Standard files (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Không nạp được chuẩn nghèo: {error}</source>
        <translation>The standard could not be loaded: {error}</translation>
    </message>
    <message>
        <source>Đã nạp chuẩn nghèo {id} của tỉnh {province} vào thư mục dữ liệu.</source>
        <translation>Loaded the standard {id} of {province} province into the data folder.</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Còn thiếu&lt;/b&gt; (chưa có trong văn bản hoặc chưa được xác minh):&lt;/p&gt;&lt;ul&gt;{items}&lt;/ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Missing&lt;/b&gt; (not in the legal text or not verified yet):&lt;/p&gt;&lt;ul&gt;{items}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Không thiếu giá trị nào.&lt;/p&gt;</source>
        <translation>&lt;p&gt;No values are missing.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>SurveyPage</name>
    <message>
        <source>◀ Hộ trước (Ctrl+PgUp)</source>
        <translation>◀ Previous household (Ctrl+PgUp)</translation>
    </message>
    <message>
        <source>Hộ tiếp ▶ (Ctrl+PgDown)</source>
        <translation>Next household ▶ (Ctrl+PgDown)</translation>
    </message>
    <message>
        <source>Về danh sách (Esc)</source>
        <translation>Back to the list (Esc)</translation>
    </message>
    <message>
        <source>Tổng điểm B1</source>
        <translation>B1 total score</translation>
    </message>
    <message>
        <source>tổng điểm B1 trên phiếu giấy</source>
        <translation>B1 total on the paper form</translation>
    </message>
    <message>
        <source>Diện tích nhà ở</source>
        <translation>Housing area</translation>
    </message>
    <message>
        <source>m², để gợi ý chỉ số diện tích nhà ở</source>
        <translation>m², to suggest the housing area indicator</translation>
    </message>
    <message>
        <source>Thu nhập bình quân</source>
        <translation>Average income</translation>
    </message>
    <message>
        <source>đồng/người/tháng, nếu đã xác định (không bắt buộc)</source>
        <translation>VND/person/month, if known (optional)</translation>
    </message>
    <message>
        <source>Cách tính điểm B1</source>
        <translation>B1 scoring method</translation>
    </message>
    <message>
        <source>A. Điểm thu nhập (B1)</source>
        <translation>A. Income score (B1)</translation>
    </message>
    <message>
        <source>Cách tính &amp;điểm:</source>
        <translation>Scoring &amp;method:</translation>
    </message>
    <message>
        <source>Tổng điểm &amp;B1:</source>
        <translation>&amp;B1 total score:</translation>
    </message>
    <message>
        <source>Diện tích &amp;nhà ở (m²):</source>
        <translation>&amp;Housing area (m²):</translation>
    </message>
    <message>
        <source>Thu nhập bình &amp;quân:</source>
        <translation>Average &amp;income:</translation>
    </message>
    <message>
        <source>B. Chỉ số thiếu hụt dịch vụ xã hội cơ bản (B2 = 10 điểm mỗi chỉ số)</source>
        <translation>B. Basic social service deprivation indicators (B2 = 10 points per indicator)</translation>
    </message>
    <message>
        <source>C. Nhóm đối tượng, nguyên nhân nghèo</source>
        <translation>C. Target groups, causes of poverty</translation>
    </message>
    <message>
        <source>Có người có công</source>
        <translation>Has a person of merit</translation>
    </message>
    <message>
        <source>Có đối tượng bảo trợ xã hội</source>
        <translation>Has a social protection beneficiary</translation>
    </message>
    <message>
        <source>Không có khả năng lao động</source>
        <translation>No working capacity</translation>
    </message>
    <message>
        <source>Ghi rõ nguyên nhân khác</source>
        <translation>Specify other cause</translation>
    </message>
    <message>
        <source>Người rà soát</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>Tình trạng &amp;phiếu:</source>
        <translation>Form &amp;status:</translation>
    </message>
    <message>
        <source>Người &amp;rà soát:</source>
        <translation>&amp;Reviewer:</translation>
    </message>
    <message>
        <source>D. Kết quả sau họp dân (chỉ khi khác kết quả tính)</source>
        <translation>D. Result after the village meeting (only if it differs from the computed one)</translation>
    </message>
    <message>
        <source>— giữ kết quả tính —</source>
        <translation>— keep the computed result —</translation>
    </message>
    <message>
        <source>lý do, theo biên bản họp dân</source>
        <translation>reason, as in the meeting minutes</translation>
    </message>
    <message>
        <source>Ghi &amp;điều chỉnh</source>
        <translation>Record ad&amp;justment</translation>
    </message>
    <message>
        <source>Kết quả quyết định:</source>
        <translation>Decided result:</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>&amp;Lưu phiếu (Ctrl+S)</source>
        <translation>Sa&amp;ve form (Ctrl+S)</translation>
    </message>
    <message>
        <source>Kết quả phân loại (tính ngay khi nhập)</source>
        <translation>Classification result (computed as you type)</translation>
    </message>
    <message>
        <source>Nhập tổng điểm B1 từ phiếu giấy</source>
        <translation>Enter the B1 total from the paper form</translation>
    </message>
    <message>
        <source>Chấm theo bảng điểm: {title}</source>
        <translation>Score with the point table: {title}</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Phiếu B — hộ {code}&lt;/b&gt;: {head}, {village} · {n} nhân khẩu&lt;br&gt;{round}</source>
        <translation>
            <numerusform>&lt;b&gt;Form B — household {code}&lt;/b&gt;: {head}, {village} · {n} person&lt;br&gt;{round}</numerusform>
            <numerusform>&lt;b&gt;Form B — household {code}&lt;/b&gt;: {head}, {village} · {n} people&lt;br&gt;{round}</numerusform>
        </translation>
    </message>
    <message>
        <source>Ngưỡng điểm B1 ({area}): {value} điểm</source>
        <translation>B1 score threshold ({area}): {value} points</translation>
    </message>
    <message>
        <source>Chuẩn {id}: ngưỡng điểm B1 chưa được ban hành/cấu hình.</source>
        <translation>Standard {id}: the B1 score thresholds are not issued or configured yet.</translation>
    </message>
    <message>
        <source>Đã lưu</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Phiếu mới</source>
        <translation>New form</translation>
    </message>
    <message>
        <source>Kỳ rà soát đã có quyết định và đã khoá: chỉ xem, không sửa được.</source>
        <translation>The review round has its decision and is locked: view only, no editing.</translation>
    </message>
    <message>
        <source>Kết quả quyết định sau họp dân: {name}. Lý do: {reason}</source>
        <translation>Result decided after the village meeting: {name}. Reason: {reason}</translation>
    </message>
    <message>
        <source>Không ghi được điều chỉnh: {problem}</source>
        <translation>Could not record the adjustment: {problem}</translation>
    </message>
    <message>
        <source>Chưa chọn hộ. Chọn một hộ trong danh sách và nhấn Enter.</source>
        <translation>No household chosen. Choose one in the list and press Enter.</translation>
    </message>
    <message>
        <source>Phiếu B của hộ {code} chưa lưu được: {reason}
Bỏ các thay đổi chưa lưu?</source>
        <translation>Form B of household {code} could not be saved: {reason}
Discard the unsaved changes?</translation>
    </message>
    <message>
        <source>Phiếu B chưa lưu</source>
        <translation>Form B not saved</translation>
    </message>
    <message>
        <source>Điều kiện chưa có trong dữ liệu quy chuẩn.</source>
        <translation>The condition is not in the rulebook data yet.</translation>
    </message>
    <message>
        <source>Chưa khai báo vùng của xã (Xã → Thông tin xã): chưa chấm điểm theo bảng được.</source>
        <translation>The commune&apos;s region is not set (Commune → Commune and villages): the point table cannot be used yet.</translation>
    </message>
    <message>
        <source>Tình trạng: {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>Phiếu B của hộ {code} đã được sửa: tình trạng chuyển từ «{old}» về «Nháp». Kiểm tra lại rồi chọn lại «{old}».</source>
        <translation>Phiếu B of household {code} was changed: its status went from “{old}” back to “Draft”. Check it, then choose “{old}” again.</translation>
    </message>
    <message>
        <source>Chưa lưu — tự lưu nháp sau giây lát</source>
        <translation>Not saved — a draft is saved automatically in a moment</translation>
    </message>
    <message>
        <source>Điểm B1 phải là một số.</source>
        <translation>The B1 score must be a number.</translation>
    </message>
    <message>
        <source>Điểm B1 phải từ 0 đến 1.000.</source>
        <translation>The B1 score must be between 0 and 1,000.</translation>
    </message>
    <message>
        <source>Thu nhập bình quân phải là số đồng chẵn, không âm (ví dụ 1.500.000).</source>
        <translation>The average income must be a whole, non-negative number of VND (e.g. 1.500.000).</translation>
    </message>
    <message>
        <source>Diện tích nhà ở phải là một số (m²).</source>
        <translation>The housing area must be a number (m²).</translation>
    </message>
    <message>
        <source>Diện tích nhà ở phải từ 0 đến 10.000 m².</source>
        <translation>The housing area must be between 0 and 10,000 m².</translation>
    </message>
    <message>
        <source>Chưa đủ dữ liệu để gợi ý: {reason}</source>
        <translation>Not enough data for a suggestion: {reason}</translation>
    </message>
    <message>
        <source>nên đánh dấu</source>
        <translation>should be ticked</translation>
    </message>
    <message>
        <source>có thể không thiếu hụt</source>
        <translation>may not be deprived</translation>
    </message>
    <message>
        <source>Gợi ý: {verdict} — {reason}</source>
        <translation>Suggestion: {verdict} — {reason}</translation>
    </message>
    <message>
        <source>Nhập tổng điểm B1 để thấy kết quả phân loại.</source>
        <translation>Enter the B1 total to see the classification result.</translation>
    </message>
    <message>
        <source>Chưa lưu: {problems}</source>
        <translation>Not saved: {problems}</translation>
    </message>
    <message>
        <source>Không lưu được: {problem}</source>
        <translation>Could not save: {problem}</translation>
    </message>
    <message>
        <source>Đã lưu lúc {time}</source>
        <translation>Saved at {time}</translation>
    </message>
</context>
<context>
    <name>SurveyStatus</name>
    <message>
        <source>Nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Đã kiểm tra</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
</context>
<context>
    <name>WorkDialog</name>
    <message>
        <source>Đang huỷ…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
</TS>
