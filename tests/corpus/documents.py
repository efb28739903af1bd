"""The corpus: parent documents written the way provincial, regional and branch offices
write them, with what an importer must recover from each.

``expect`` holds the fields a test compares: the header, the signature, the recipients,
the sections (number and title) and chosen items, found by the path of their numbers.
An item's ``time`` is [kind, start, end], its ``threshold`` [op, value, max, unit].
"""

from __future__ import annotations

from typing import Any

from render import Doc

SOURCE_OF = "Văn phòng Đảng ủy"


def T(kind: str, start: str | None, end: str | None) -> list[str | None]:
    return [kind, start, end]


def TH(op: str, value: float, top: float | None, unit: str) -> list[Any]:
    return [op, value, top, unit]


DOCS: list[Doc] = []

# 1. A provincial procuracy committee's action program, saved from Word with automatic
#    numbering, layout tables and an appendix table with merged cells.
DOCS.append(Doc(
    name="01_tinh_chuong_trinh_hanh_dong",
    fmt="docx",
    auto=("roman", "decimal", "sub", "bullet"),
    running="Chương trình hành động số 12-CTr/ĐU",
    left=["ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY VKSND TỈNH", "*", "Số 12-CTr/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Nghệ An, ngày 20 tháng 01 năm 2026"],
    title=["CHƯƠNG TRÌNH HÀNH ĐỘNG",
           "thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX,",
           "nhiệm kỳ 2025 - 2030", "-----"],
    body="""
Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Nghệ An lần thứ XX, nhiệm kỳ 2025 - 2030; Chương trình hành động số 05-CTr/ĐU ngày 12/02/2026 của Đảng ủy VKSND tối cao, Đảng ủy VKSND tỉnh xây dựng Chương trình hành động như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Quán triệt sâu sắc, cụ thể hóa đầy đủ các quan điểm, mục tiêu, nhiệm vụ của Nghị quyết vào công tác kiểm sát của tỉnh.
2. Xác định rõ nhiệm vụ, lộ trình, đơn vị chủ trì và thời hạn hoàn thành; bảo đảm 05 rõ.
II. CHỈ TIÊU CHỦ YẾU
1. Hằng năm, không dưới 85% tổ chức đảng trực thuộc được xếp loại hoàn thành tốt nhiệm vụ trở lên.
2. Tỷ lệ giải quyết các vụ án hình sự của Viện kiểm sát hai cấp đạt ít nhất 90%.
3. Kết nạp từ 10 đến 15 đảng viên mới trong nhiệm kỳ.
4. Số đảng viên bị xử lý kỷ luật không quá 2% tổng số đảng viên của Đảng bộ.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Tăng cường xây dựng Đảng về chính trị, tư tưởng
1.1. Tổ chức học tập, quán triệt Nghị quyết Đại hội đến toàn thể cán bộ, đảng viên
- Tổ chức hội nghị quán triệt cho cán bộ, đảng viên trong toàn Đảng bộ.
- Đơn vị thực hiện: Ban Tuyên giáo Đảng ủy chủ trì, phối hợp với Văn phòng Đảng ủy và các chi bộ trực thuộc.
- Thời gian thực hiện: Quý I/2026.
1.2. Nắm bắt tình hình tư tưởng của cán bộ, đảng viên, nhất là khi sắp xếp tổ chức bộ máy
- Đơn vị thực hiện: Các chi bộ trực thuộc.
- Thời gian thực hiện: Thường xuyên.
2. Nâng cao chất lượng công tác thực hành quyền công tố, kiểm sát hoạt động tư pháp
2.1. Tăng cường trách nhiệm công tố trong hoạt động điều tra
- Đơn vị thực hiện: Chi bộ Phòng 1 chủ trì; Chi bộ Phòng 2, Chi bộ Văn phòng phối hợp.
- Thời gian thực hiện: Từ tháng 3 đến tháng 6/2026.
2.2. Kiểm sát chặt chẽ việc tiếp nhận, giải quyết tố giác, tin báo về tội phạm
- Đơn vị thực hiện: Chi bộ Phòng 1 chủ trì, phối hợp với các chi bộ VKSND khu vực.
- Thời gian thực hiện: 6 tháng đầu năm 2026.
3. Công tác kiểm tra, giám sát và thi hành kỷ luật đảng
- Đơn vị thực hiện: Ủy ban Kiểm tra Đảng ủy.
- Thời gian thực hiện: Hằng quý.
IV. TỔ CHỨC THỰC HIỆN
1. Các chi bộ trực thuộc xây dựng kế hoạch cụ thể hóa Chương trình này, gửi về Văn phòng Đảng ủy trước ngày 15/3/2026.
2. Văn phòng Đảng ủy theo dõi, đôn đốc, tổng hợp kết quả, báo cáo Ban Thường vụ Đảng ủy.
PHỤ LỤC
DANH MỤC NHIỆM VỤ CỤ THỂ
| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn
| I | CÔNG TÁC KIỂM SÁT ĐIỀU TRA | < | < | <
| 1 | Xây dựng quy chế phối hợp giữa các phòng nghiệp vụ | Chi bộ Phòng 1 | Chi bộ Văn phòng | Quý II/2026
| 2 | Rà soát các vụ án tạm đình chỉ | ^ | Các chi bộ VKSND khu vực | Tháng 9/2026
| II | CÔNG TÁC TỔNG KẾT | < | < | <
| 3 | Tổng kết chuyên đề kiểm sát điều tra án ma túy | Chi bộ Phòng 1 | Chi bộ Phòng 2 | Năm 2026
""",
    recipients=["- Đảng ủy VKSND tối cao (để báo cáo),", "- Ban Thường vụ Tỉnh ủy (để báo cáo),",
                "- Các chi bộ trực thuộc (để thực hiện),", "- Lưu Văn phòng Đảng ủy."],
    signature=["T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Hùng"],
    expect={
        "header": {"doc_type": "CHƯƠNG TRÌNH HÀNH ĐỘNG", "number": "12-CTr/ĐU",
                   "place": "Nghệ An", "date": "2026-01-20", "issuer": "ĐẢNG ỦY VKSND TỈNH",
                   "superior": "ĐẢNG BỘ TỈNH NGHỆ AN"},
        "signature": {"authority": "T/M ĐẢNG ỦY", "position": "BÍ THƯ",
                      "name": "Trần Văn Hùng"},
        "recipients": ["Đảng ủy VKSND tối cao (để báo cáo)",
                       "Ban Thường vụ Tỉnh ủy (để báo cáo)",
                       "Các chi bộ trực thuộc (để thực hiện)", "Lưu Văn phòng Đảng ủy"],
        "sections": [["I", "MỤC ĐÍCH, YÊU CẦU"], ["II", "CHỈ TIÊU CHỦ YẾU"],
                     ["III", "NHIỆM VỤ VÀ GIẢI PHÁP"], ["IV", "TỔ CHỨC THỰC HIỆN"],
                     ["PHỤ LỤC", None]],
        "items": [
            {"path": ["II", "1"], "kind": "target", "threshold": TH(">=", 85, None, "percent")},
            {"path": ["II", "2"], "kind": "target", "threshold": TH(">=", 90, None, "percent")},
            {"path": ["II", "3"], "kind": "target", "threshold": TH("range", 10, 15, "count")},
            {"path": ["II", "4"], "kind": "target", "threshold": TH("<=", 2, None, "percent")},
            {"path": ["III", "1", "1.1"], "kind": "item",
             "time": T("quarter", "2026-01-01", "2026-03-31"),
             "lead": ["Ban Tuyên giáo Đảng ủy"],
             "coordinating": ["Văn phòng Đảng ủy", "các chi bộ trực thuộc"]},
            {"path": ["III", "1", "1.2"], "time": T("regular", None, None),
             "implementing": ["Các chi bộ trực thuộc"]},
            {"path": ["III", "2", "2.1"], "time": T("range", "2026-03-01", "2026-06-30"),
             "lead": ["Chi bộ Phòng 1"], "coordinating": ["Chi bộ Phòng 2", "Chi bộ Văn phòng"]},
            {"path": ["III", "2", "2.2"], "time": T("half", "2026-01-01", "2026-06-30"),
             "lead": ["Chi bộ Phòng 1"], "coordinating": ["các chi bộ VKSND khu vực"]},
            {"path": ["III", "3"], "time": T("regular", None, None),
             "implementing": ["Ủy ban Kiểm tra Đảng ủy"]},
            {"path": ["IV", "1"], "time": T("date", None, "2026-03-15")},
            {"path": ["PHỤ LỤC", "I", "1"], "kind": "item", "lead": ["Chi bộ Phòng 1"],
             "coordinating": ["Chi bộ Văn phòng"],
             "time": T("quarter", "2026-04-01", "2026-06-30")},
            {"path": ["PHỤ LỤC", "I", "2"], "lead": ["Chi bộ Phòng 1"],
             "coordinating": ["Các chi bộ VKSND khu vực"],
             "time": T("month", "2026-09-01", "2026-09-30")},
            {"path": ["PHỤ LỤC", "II", "3"], "lead": ["Chi bộ Phòng 1"],
             "time": T("year", "2026-01-01", "2026-12-31")},
        ],
    },
))

# 2. A regional procuracy's branch action program, printed to PDF: two-column header,
#    page numbers in the top margin, a running footer.
DOCS.append(Doc(
    name="02_khu_vuc_chuong_trinh_hanh_dong",
    fmt="pdf",
    running="Chương trình hành động số 03-CTr/CB - Chi bộ VKSND khu vực 3",
    left=["ĐẢNG BỘ VKSND TỈNH THANH HÓA", "CHI BỘ VKSND KHU VỰC 3", "*", "Số 03-CTr/CB"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Thanh Hóa, ngày 05 tháng 3 năm 2026"],
    title=["CHƯƠNG TRÌNH HÀNH ĐỘNG",
           "thực hiện Nghị quyết Đại hội Chi bộ nhiệm kỳ 2025 - 2027", "-----"],
    body="""
Căn cứ Nghị quyết Đại hội Chi bộ VKSND khu vực 3 nhiệm kỳ 2025 - 2027 và Chương trình hành động số 12-CTr/ĐU ngày 20/01/2026 của Đảng ủy VKSND tỉnh, Chi bộ xây dựng Chương trình hành động như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Cụ thể hóa các chỉ tiêu, nhiệm vụ của Nghị quyết thành công việc cụ thể của từng đảng viên, gắn với nhiệm vụ chuyên môn của đơn vị.
2. Phân công rõ người, rõ việc, rõ thời hạn; thường xuyên kiểm tra, đôn đốc việc thực hiện.
II. CHỈ TIÊU
1. 100% đảng viên được học tập, quán triệt Nghị quyết.
2. Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt tối thiểu 90%.
3. Kết nạp ít nhất 02 đảng viên mới.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Nâng cao chất lượng sinh hoạt chi bộ, bảo đảm tính lãnh đạo, tính giáo dục, tính chiến đấu; mỗi quý tổ chức ít nhất 01 buổi sinh hoạt chuyên đề gắn với nhiệm vụ chuyên môn của đơn vị.
- Đơn vị thực hiện: Chi ủy chủ trì, phối hợp với Công đoàn cơ sở và Chi đoàn Thanh niên.
- Thời gian thực hiện: Hằng quý.
2. Thực hiện tốt công tác thực hành quyền công tố và kiểm sát điều tra, truy tố, xét xử các vụ án hình sự trên địa bàn khu vực, không để xảy ra oan, sai, bỏ lọt tội phạm.
- Đơn vị thực hiện: Tổ Kiểm sát hình sự chủ trì; Tổ Kiểm sát dân sự phối hợp.
- Thời gian thực hiện: Năm 2026 - 2027.
3. Tổ chức sơ kết giữa nhiệm kỳ việc thực hiện Nghị quyết Đại hội Chi bộ, đánh giá kết quả, đề ra giải pháp cho thời gian còn lại.
- Đơn vị thực hiện: Chi ủy.
- Thời gian thực hiện: Từ ngày 10/4 đến ngày 25/4/2026.
4. Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong công tác kiểm sát; số hóa hồ sơ các vụ án đã giải quyết xong.
- Đơn vị thực hiện: Tổ Văn phòng chủ trì, phối hợp với các tổ nghiệp vụ.
- Thời gian thực hiện: Tuần thứ hai tháng 5/2026.
5. Phối hợp với các cơ quan tiến hành tố tụng trên địa bàn tổ chức các phiên tòa rút kinh nghiệm, phiên tòa trực tuyến theo kế hoạch của Viện kiểm sát nhân dân tỉnh.
- Thời gian thực hiện: Quý III/2026.
IV. TỔ CHỨC THỰC HIỆN
1. Chi ủy phân công chi ủy viên theo dõi, đôn đốc việc thực hiện Chương trình này; định kỳ 6 tháng báo cáo kết quả với Đảng ủy VKSND tỉnh.
2. Đảng viên trong Chi bộ căn cứ Chương trình này đăng ký việc làm cụ thể, gửi Chi ủy trước ngày 30/3/2026.
""",
    recipients=["- Đảng ủy VKSND tỉnh (để báo cáo);", "- Các đảng viên trong Chi bộ;",
                "- Lưu Chi bộ."],
    signature=["T/M CHI BỘ", "BÍ THƯ", "Lê Thị Mai"],
    expect={
        "header": {"doc_type": "CHƯƠNG TRÌNH HÀNH ĐỘNG", "number": "03-CTr/CB",
                   "place": "Thanh Hóa", "date": "2026-03-05",
                   "issuer": "CHI BỘ VKSND KHU VỰC 3",
                   "superior": "ĐẢNG BỘ VKSND TỈNH THANH HÓA"},
        "signature": {"authority": "T/M CHI BỘ", "position": "BÍ THƯ", "name": "Lê Thị Mai"},
        "recipients": ["Đảng ủy VKSND tỉnh (để báo cáo)", "Các đảng viên trong Chi bộ",
                       "Lưu Chi bộ"],
        "sections": [["I", "MỤC ĐÍCH, YÊU CẦU"], ["II", "CHỈ TIÊU"],
                     ["III", "NHIỆM VỤ VÀ GIẢI PHÁP"], ["IV", "TỔ CHỨC THỰC HIỆN"]],
        "items": [
            {"path": ["II", "1"], "kind": "target", "threshold": TH("=", 100, None, "percent")},
            {"path": ["II", "2"], "kind": "target", "threshold": TH(">=", 90, None, "percent")},
            {"path": ["II", "3"], "kind": "target", "threshold": TH(">=", 2, None, "count")},
            {"path": ["III", "1"], "kind": "item", "time": T("regular", None, None),
             "lead": ["Chi ủy"],
             "coordinating": ["Công đoàn cơ sở", "Chi đoàn Thanh niên"]},
            {"path": ["III", "2"], "time": T("range", "2026-01-01", "2027-12-31"),
             "lead": ["Tổ Kiểm sát hình sự"], "coordinating": ["Tổ Kiểm sát dân sự"]},
            {"path": ["III", "3"], "time": T("range", "2026-04-10", "2026-04-25"),
             "implementing": ["Chi ủy"]},
            {"path": ["III", "4"], "time": T("week", "2026-05-08", "2026-05-14"),
             "lead": ["Tổ Văn phòng"], "coordinating": ["các tổ nghiệp vụ"]},
            {"path": ["III", "5"], "time": T("quarter", "2026-07-01", "2026-09-30")},
            {"path": ["IV", "2"], "time": T("date", None, "2026-03-30")},
        ],
    },
))

# 3. A branch's annual plan with a meeting each month, numbered by Word.
_MONTHS = [
    "Sinh hoạt thường kỳ; triển khai Kế hoạch công tác năm 2026 của Chi bộ.",
    "Sinh hoạt thường kỳ; quán triệt Chương trình hành động của Đảng ủy VKSND tỉnh.",
    "Sinh hoạt chuyên đề về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Sinh hoạt thường kỳ; sơ kết công tác quý I/2026.",
    "Sinh hoạt thường kỳ; góp ý dự thảo báo cáo chính trị của Đảng bộ.",
    "Sinh hoạt chuyên đề về nâng cao chất lượng tranh tụng tại phiên tòa.",
    "Sinh hoạt thường kỳ; sơ kết công tác 6 tháng đầu năm 2026.",
    "Sinh hoạt thường kỳ; kiểm tra việc thực hiện nhiệm vụ của đảng viên.",
    "Sinh hoạt chuyên đề về phòng, chống tham nhũng, tiêu cực trong hoạt động tư pháp.",
    "Sinh hoạt thường kỳ; đánh giá kết quả 9 tháng.",
    "Sinh hoạt thường kỳ; chuẩn bị kiểm điểm, đánh giá, xếp loại cuối năm.",
    "Sinh hoạt thường kỳ; tổng kết công tác năm 2026, kiểm điểm tập thể, cá nhân.",
]
DOCS.append(Doc(
    name="03_chi_bo_ke_hoach_nam",
    fmt="docx",
    auto=("roman", "decimal", "bullet"),
    left=["ĐẢNG BỘ VKSND TỈNH NGHỆ AN", "CHI BỘ VĂN PHÒNG", "*", "Số 01-KH/CB"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Vinh, ngày 06 tháng 01 năm 2026"],
    title=["KẾ HOẠCH", "công tác và sinh hoạt Chi bộ năm 2026", "-----"],
    body="""
Căn cứ Nghị quyết Đại hội Chi bộ nhiệm kỳ 2025 - 2027 và Chương trình công tác năm 2026 của Đảng ủy VKSND tỉnh, Chi bộ Văn phòng xây dựng Kế hoạch công tác năm 2026 như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Duy trì nền nếp sinh hoạt chi bộ thường kỳ vào ngày làm việc đầu tiên của tháng; nâng cao chất lượng sinh hoạt chuyên đề.
2. Mỗi đảng viên thực hiện tốt nhiệm vụ được giao, không để xảy ra vi phạm.
II. CHỈ TIÊU
1. 100% đảng viên tham gia đầy đủ các buổi sinh hoạt chi bộ.
2. Phấn đấu 95% đảng viên trở lên hoàn thành tốt nhiệm vụ.
III. LỊCH SINH HOẠT CHI BỘ
""" + "\n".join(f"{i}. Tháng {i:02d}/2026: {text}" for i, text in enumerate(_MONTHS, 1)) + """
IV. TỔ CHỨC THỰC HIỆN
1. Chi ủy phân công đồng chí Phó Bí thư chuẩn bị nội dung các buổi sinh hoạt, gửi tài liệu trước 03 ngày.
2. Đảng viên có trách nhiệm tham dự đầy đủ; vắng mặt phải báo cáo và được Chi ủy đồng ý.
""",
    recipients=["- Đảng ủy VKSND tỉnh (để báo cáo);", "- Đảng viên trong Chi bộ;",
                "- Lưu Chi bộ."],
    signature=["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Thị Lan"],
    expect={
        "header": {"doc_type": "KẾ HOẠCH", "number": "01-KH/CB", "place": "Vinh",
                   "date": "2026-01-06", "issuer": "CHI BỘ VĂN PHÒNG",
                   "superior": "ĐẢNG BỘ VKSND TỈNH NGHỆ AN"},
        "signature": {"authority": "T/M CHI BỘ", "position": "BÍ THƯ",
                      "name": "Nguyễn Thị Lan"},
        "recipients": ["Đảng ủy VKSND tỉnh (để báo cáo)", "Đảng viên trong Chi bộ",
                       "Lưu Chi bộ"],
        "sections": [["I", "MỤC ĐÍCH, YÊU CẦU"], ["II", "CHỈ TIÊU"],
                     ["III", "LỊCH SINH HOẠT CHI BỘ"], ["IV", "TỔ CHỨC THỰC HIỆN"]],
        "items": [
            {"path": ["II", "1"], "kind": "target", "threshold": TH("=", 100, None, "percent")},
            {"path": ["II", "2"], "kind": "target", "threshold": TH(">=", 95, None, "percent")},
        ] + [
            {"path": ["III", str(month)], "kind": "meeting",
             "time": T("month", f"2026-{month:02d}-01",
                       f"2026-{month:02d}-{[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]}")}
            for month in range(1, 13)
        ],
    },
))

# 4. A standing committee's quarterly program, printed to PDF; a page break falls
#    between the authority line and the position of the signer.
DOCS.append(Doc(
    name="04_btv_chuong_trinh_quy",
    fmt="pdf",
    break_in_signature=True,
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VKSND THÀNH PHỐ HÀ NỘI", "*", "Số 27-CTr/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Nội, ngày 25 tháng 3 năm 2026"],
    title=["CHƯƠNG TRÌNH", "công tác quý II năm 2026 của Ban Thường vụ Đảng ủy", "-----"],
    body="""
Căn cứ Chương trình công tác năm 2026 của Ban Chấp hành Đảng bộ, Ban Thường vụ Đảng ủy VKSND thành phố Hà Nội xây dựng Chương trình công tác quý II năm 2026 như sau:
I. NHIỆM VỤ TRỌNG TÂM
1. Lãnh đạo thực hiện các chỉ tiêu công tác kiểm sát quý II; bảo đảm tỷ lệ truy tố đúng thời hạn đạt 100%.
- Đơn vị tham mưu thực hiện: Đảng ủy Phòng 1 chủ trì, phối hợp với Chi bộ Phòng 2 và Chi bộ Phòng 7.
- Thời gian thực hiện: Quý II/2026.
2. Chỉ đạo tổ chức Hội nghị sơ kết 6 tháng đầu năm và xây dựng phương hướng nhiệm vụ 6 tháng cuối năm.
- Đơn vị tham mưu thực hiện: Văn phòng Đảng ủy.
- Thời gian thực hiện: Từ ngày 21/6 đến ngày 30/6/2026.
3. Kiểm tra, giám sát việc thực hiện Quy định số 296-QĐ/TW tại một số tổ chức đảng trực thuộc.
- Đơn vị tham mưu thực hiện: Ủy ban Kiểm tra Đảng ủy chủ trì; Văn phòng Đảng ủy phối hợp.
- Thời gian thực hiện: Tháng 5/2026.
II. HỘI NGHỊ BAN THƯỜNG VỤ
1. Hội nghị thường kỳ tháng 4/2026
- Thời gian: Tuần đầu tháng 4/2026.
- Nội dung: (1) Đánh giá kết quả công tác quý I, triển khai nhiệm vụ quý II/2026; (2) Cho ý kiến về dự thảo Kế hoạch kiểm tra, giám sát năm 2026.
2. Hội nghị thường kỳ tháng 5/2026
- Thời gian: Tuần thứ hai tháng 5/2026.
- Nội dung: (1) Đánh giá kết quả thực hiện nhiệm vụ tháng 4/2026; (2) Cho ý kiến về công tác cán bộ.
3. Hội nghị thường kỳ tháng 6/2026
- Thời gian: Tuần cuối tháng 6/2026.
- Nội dung: (1) Sơ kết công tác 6 tháng đầu năm 2026; (2) Xếp loại Quý II/2026 đối với cán bộ lãnh đạo, quản lý.
III. TỔ CHỨC THỰC HIỆN
Văn phòng Đảng ủy chuẩn bị nội dung, tài liệu các hội nghị; theo dõi, đôn đốc việc thực hiện Chương trình và báo cáo Ban Thường vụ tại hội nghị tháng 6/2026.
""",
    recipients=["- Đảng ủy VKSND tối cao (để báo cáo);", "- Các đồng chí Ủy viên Ban Thường vụ;",
                "- Các tổ chức đảng trực thuộc;", "- Lưu VPĐU."],
    signature=["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Phạm Quốc Khánh"],
    expect={
        "header": {"doc_type": "CHƯƠNG TRÌNH", "number": "27-CTr/ĐU", "place": "Hà Nội",
                   "date": "2026-03-25", "issuer": "ĐẢNG ỦY VKSND THÀNH PHỐ HÀ NỘI",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "position": "PHÓ BÍ THƯ",
                      "name": "Phạm Quốc Khánh"},
        "recipients": ["Đảng ủy VKSND tối cao (để báo cáo)",
                       "Các đồng chí Ủy viên Ban Thường vụ", "Các tổ chức đảng trực thuộc",
                       "Lưu VPĐU"],
        "sections": [["I", "NHIỆM VỤ TRỌNG TÂM"], ["II", "HỘI NGHỊ BAN THƯỜNG VỤ"],
                     ["III", "TỔ CHỨC THỰC HIỆN"]],
        "items": [
            {"path": ["I", "1"], "kind": "item", "time": T("quarter", "2026-04-01", "2026-06-30"),
             "lead": ["Đảng ủy Phòng 1"], "coordinating": ["Chi bộ Phòng 2", "Chi bộ Phòng 7"]},
            {"path": ["I", "2"], "time": T("range", "2026-06-21", "2026-06-30"),
             "implementing": ["Văn phòng Đảng ủy"]},
            {"path": ["I", "3"], "time": T("month", "2026-05-01", "2026-05-31"),
             "lead": ["Ủy ban Kiểm tra Đảng ủy"], "coordinating": ["Văn phòng Đảng ủy"]},
            {"path": ["II", "1"], "kind": "meeting", "time": T("week", "2026-04-01", "2026-04-07")},
            {"path": ["II", "2"], "kind": "meeting", "time": T("week", "2026-05-08", "2026-05-14")},
            {"path": ["II", "3"], "kind": "meeting", "time": T("week", "2026-06-24", "2026-06-30")},
        ],
    },
))

# 5. A plan implementing a Politburo directive, numbered by Word, with "I-" headings
#    written by hand.
DOCS.append(Doc(
    name="05_ke_hoach_thuc_hien_chi_thi",
    fmt="docx",
    auto=("decimal", "letter", "bullet"),
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VKSND TỈNH QUẢNG NINH", "*", "Số 45-KH/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Quảng Ninh, ngày 14 tháng 7 năm 2025"],
    title=["KẾ HOẠCH", "thực hiện Chỉ thị số 45-CT/TW, ngày 14/4/2025 của Bộ Chính trị",
           "về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
           "-----"],
    body="""
Thực hiện Chỉ thị số 45-CT/TW, ngày 14/4/2025 của Bộ Chính trị và Kế hoạch của Đảng ủy VKSND tối cao, Ban Thường vụ Đảng ủy VKSND tỉnh ban hành Kế hoạch thực hiện như sau:
I- MỤC ĐÍCH, YÊU CẦU
1. Tổ chức quán triệt sâu sắc nội dung Chỉ thị đến toàn thể cán bộ, đảng viên.
2. Chuẩn bị chu đáo, tổ chức thành công đại hội các chi bộ trực thuộc.
II- NỘI DUNG THỰC HIỆN
1. Tổ chức quán triệt Chỉ thị
a) Tổ chức hội nghị quán triệt Chỉ thị đến cán bộ chủ chốt.
- Đơn vị thực hiện: Ban Tuyên giáo Đảng ủy chủ trì, phối hợp với Văn phòng Đảng ủy.
- Thời gian thực hiện: Từ ngày 21/7 đến ngày 31/7/2025.
b) Các chi bộ trực thuộc tổ chức quán triệt tại chi bộ.
- Đơn vị thực hiện: Các chi bộ trực thuộc.
- Thời gian thực hiện: Tháng 8/2025.
2. Chuẩn bị văn kiện đại hội
a) Xây dựng dự thảo báo cáo chính trị, báo cáo kiểm điểm của cấp ủy.
- Đơn vị thực hiện: Văn phòng Đảng ủy chủ trì; Ban Tổ chức Đảng ủy, Ủy ban Kiểm tra Đảng ủy phối hợp.
- Thời gian thực hiện: Trước ngày 30/8/2025.
b) Tổ chức lấy ý kiến góp ý vào dự thảo văn kiện Đại hội XIV của Đảng.
- Đơn vị thực hiện: Các chi bộ VKSND khu vực.
- Thời gian thực hiện: Từ tháng 9 đến tháng 10/2025.
3. Công tác nhân sự
- Rà soát quy hoạch, chuẩn bị nhân sự cấp ủy nhiệm kỳ 2025 - 2030 bảo đảm tỷ lệ cấp ủy viên trẻ không dưới 10% và tỷ lệ cấp ủy viên nữ không thấp hơn 15%.
- Đơn vị thực hiện: Ban Tổ chức Đảng ủy.
- Thời gian thực hiện: Quý III/2025.
III- TỔ CHỨC THỰC HIỆN
1. Văn phòng Đảng ủy theo dõi, đôn đốc và tổng hợp kết quả thực hiện Kế hoạch này, báo cáo Ban Thường vụ Đảng ủy hằng tháng.
2. Các chi bộ trực thuộc báo cáo kết quả đại hội về Văn phòng Đảng ủy chậm nhất 05 ngày sau đại hội.
""",
    recipients=["- Đảng ủy VKSND tối cao (để báo cáo);", "- Các chi bộ trực thuộc;",
                "- Lưu VPĐU."],
    signature=["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Hoàng Minh Tuấn"],
    expect={
        "header": {"doc_type": "KẾ HOẠCH", "number": "45-KH/ĐU", "place": "Quảng Ninh",
                   "date": "2025-07-14", "issuer": "ĐẢNG ỦY VKSND TỈNH QUẢNG NINH",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "position": "BÍ THƯ",
                      "name": "Hoàng Minh Tuấn"},
        "recipients": ["Đảng ủy VKSND tối cao (để báo cáo)", "Các chi bộ trực thuộc",
                       "Lưu VPĐU"],
        "sections": [["I", "MỤC ĐÍCH, YÊU CẦU"], ["II", "NỘI DUNG THỰC HIỆN"],
                     ["III", "TỔ CHỨC THỰC HIỆN"]],
        "items": [
            {"path": ["II", "1", "a"], "kind": "item",
             "time": T("range", "2025-07-21", "2025-07-31"),
             "lead": ["Ban Tuyên giáo Đảng ủy"], "coordinating": ["Văn phòng Đảng ủy"]},
            {"path": ["II", "1", "b"], "time": T("month", "2025-08-01", "2025-08-31"),
             "implementing": ["Các chi bộ trực thuộc"]},
            {"path": ["II", "2", "a"], "time": T("date", None, "2025-08-30"),
             "lead": ["Văn phòng Đảng ủy"],
             "coordinating": ["Ban Tổ chức Đảng ủy", "Ủy ban Kiểm tra Đảng ủy"]},
            {"path": ["II", "2", "b"], "time": T("range", "2025-09-01", "2025-10-31"),
             "implementing": ["Các chi bộ VKSND khu vực"]},
            {"path": ["II", "3"], "time": T("quarter", "2025-07-01", "2025-09-30"),
             "implementing": ["Ban Tổ chức Đảng ủy"]},
        ],
    },
))

# 6. A regulation with chapters and articles; Word numbers the articles across chapters
#    and restarts the clauses in each article.
DOCS.append(Doc(
    name="06_quy_dinh_chuong_dieu",
    fmt="docx",
    auto=("chuong", "dieu", "decimal", "letter"),
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VKSND TỈNH BẮC NINH", "*", "Số 05-QĐi/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Bắc Ninh, ngày 10 tháng 02 năm 2026"],
    title=["QUY ĐỊNH", "về chế độ thông tin, báo cáo trong Đảng bộ", "-----"],
    body="""
Căn cứ Điều lệ Đảng; Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng; Quy chế làm việc của Ban Chấp hành Đảng bộ nhiệm kỳ 2025 - 2030, Ban Thường vụ Đảng ủy quy định như sau:
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng
1. Quy định này quy định về chế độ thông tin, báo cáo của các tổ chức đảng trong Đảng bộ.
2. Áp dụng đối với các chi bộ trực thuộc và các cơ quan tham mưu, giúp việc của Đảng ủy.
Điều 2. Nguyên tắc thông tin, báo cáo
1. Báo cáo phải kịp thời, chính xác, trung thực, đầy đủ.
2. Báo cáo được gửi bằng văn bản giấy hoặc văn bản điện tử có chữ ký số.
Chương II
CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ
Điều 3. Báo cáo định kỳ
1. Các chi bộ trực thuộc báo cáo định kỳ như sau:
a) Báo cáo tháng gửi trước ngày 20 hằng tháng.
b) Báo cáo quý gửi trước ngày 15/3, 15/6, 15/9 và 15/12.
c) Báo cáo năm gửi trước ngày 30/11/2026.
2. Tỷ lệ tổ chức đảng gửi báo cáo đúng hạn phải đạt tối thiểu 95%.
Điều 4. Báo cáo chuyên đề
1. Báo cáo chuyên đề thực hiện theo yêu cầu của Ban Thường vụ Đảng ủy.
2. Thời hạn gửi báo cáo chuyên đề không quá 10 ngày kể từ ngày nhận được yêu cầu.
Chương III
TỔ CHỨC THỰC HIỆN
Điều 5. Trách nhiệm thi hành
1. Văn phòng Đảng ủy chủ trì, phối hợp với Ủy ban Kiểm tra Đảng ủy theo dõi, kiểm tra việc thực hiện Quy định này.
2. Quy định này có hiệu lực kể từ ngày ký.
""",
    recipients=["- Đảng ủy VKSND tối cao (để báo cáo),", "- Các chi bộ trực thuộc,",
                "- Lưu Văn phòng Đảng ủy."],
    signature=["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đỗ Thanh Bình"],
    expect={
        "header": {"doc_type": "QUY ĐỊNH", "number": "05-QĐi/ĐU", "place": "Bắc Ninh",
                   "date": "2026-02-10", "issuer": "ĐẢNG ỦY VKSND TỈNH BẮC NINH",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "position": "BÍ THƯ",
                      "name": "Đỗ Thanh Bình"},
        "recipients": ["Đảng ủy VKSND tối cao (để báo cáo)", "Các chi bộ trực thuộc",
                       "Lưu Văn phòng Đảng ủy"],
        "sections": [["Chương I", "QUY ĐỊNH CHUNG"], ["Chương II", "CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ"],
                     ["Chương III", "TỔ CHỨC THỰC HIỆN"]],
        "items": [
            {"path": ["Chương I", "Điều 1"], "kind": "item"},
            {"path": ["Chương I", "Điều 2", "2"], "kind": "item"},
            {"path": ["Chương II", "Điều 3", "1", "a"], "kind": "item",
             "time": T("regular", None, None)},
            {"path": ["Chương II", "Điều 3", "1", "c"], "time": T("date", None, "2026-11-30")},
            {"path": ["Chương II", "Điều 3", "2"], "kind": "item"},
            {"path": ["Chương II", "Điều 4", "2"], "kind": "item"},
            {"path": ["Chương III", "Điều 5", "1"], "lead": ["Văn phòng Đảng ủy"],
             "coordinating": ["Ủy ban Kiểm tra Đảng ủy"]},
        ],
    },
))

# 7. A resolution, printed to PDF: "Phần thứ nhất", "I-" headings, thresholds in words.
DOCS.append(Doc(
    name="07_nghi_quyet",
    fmt="pdf",
    running="Nghị quyết số 08-NQ/ĐU",
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "*",
          "Số 08-NQ/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Thành phố Hồ Chí Minh, ngày 15 tháng 12 năm 2025"],
    title=["NGHỊ QUYẾT", "về nhiệm vụ công tác năm 2026", "-----"],
    body="""
Hội nghị Ban Chấp hành Đảng bộ VKSND Thành phố lần thứ 5 (mở rộng) đã thảo luận, đánh giá kết quả thực hiện nhiệm vụ năm 2025 và thống nhất quyết nghị phương hướng, nhiệm vụ năm 2026 như sau:
PHẦN THỨ NHẤT
KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025
I- KẾT QUẢ ĐẠT ĐƯỢC
1. Công tác chính trị, tư tưởng được quan tâm; 100% đảng viên được học tập các nghị quyết của Đảng.
2. Công tác kiểm tra, giám sát được tiến hành theo đúng chương trình đã đề ra.
II- HẠN CHẾ, NGUYÊN NHÂN
1. Chất lượng sinh hoạt chuyên đề ở một số chi bộ chưa cao.
PHẦN THỨ HAI
PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026
I- CÁC CHỈ TIÊU CHỦ YẾU
1. Không dưới 85% chi bộ đạt hoàn thành tốt nhiệm vụ trở lên.
2. Tỷ lệ đảng viên bị xử lý kỷ luật không quá 1%.
3. Tối đa 20% đảng viên được xếp loại hoàn thành xuất sắc nhiệm vụ.
4. Phát triển từ 05 đến 08 đảng viên mới.
II- NHIỆM VỤ, GIẢI PHÁP
1. Tiếp tục đổi mới, nâng cao chất lượng sinh hoạt chi bộ; mỗi chi bộ tổ chức ít nhất 04 buổi sinh hoạt chuyên đề trong năm.
- Đơn vị thực hiện: Các chi bộ trực thuộc.
- Thời gian thực hiện: Năm 2026.
2. Tổ chức sơ kết việc thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030.
- Đơn vị thực hiện: Văn phòng Đảng ủy chủ trì, phối hợp với Ban Tổ chức Đảng ủy.
- Thời gian thực hiện: 6 tháng cuối năm 2026.
3. Thực hiện Chương trình kiểm tra, giám sát năm 2026 của Ban Chấp hành Đảng bộ.
- Đơn vị thực hiện: Ủy ban Kiểm tra Đảng ủy.
- Thời gian thực hiện: Theo chương trình.
""",
    recipients=["- Đảng ủy VKSND tối cao (để báo cáo);", "- Các chi bộ trực thuộc;",
                "- Lưu VPĐU."],
    signature=["T/M ĐẢNG ỦY", "BÍ THƯ", "Vũ Đức Thịnh"],
    expect={
        "header": {"doc_type": "NGHỊ QUYẾT", "number": "08-NQ/ĐU",
                   "place": "Thành phố Hồ Chí Minh", "date": "2025-12-15",
                   "issuer": "ĐẢNG ỦY VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M ĐẢNG ỦY", "position": "BÍ THƯ", "name": "Vũ Đức Thịnh"},
        "recipients": ["Đảng ủy VKSND tối cao (để báo cáo)", "Các chi bộ trực thuộc",
                       "Lưu VPĐU"],
        "sections": [["PHẦN THỨ NHẤT", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025"],
                     ["PHẦN THỨ HAI", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026"]],
        "items": [
            {"path": ["PHẦN THỨ NHẤT", "II", "1"], "kind": "item"},
            {"path": ["PHẦN THỨ HAI", "I", "1"], "kind": "target",
             "threshold": TH(">=", 85, None, "percent")},
            {"path": ["PHẦN THỨ HAI", "I", "2"], "kind": "target",
             "threshold": TH("<=", 1, None, "percent")},
            {"path": ["PHẦN THỨ HAI", "I", "3"], "kind": "target",
             "threshold": TH("<=", 20, None, "percent")},
            {"path": ["PHẦN THỨ HAI", "I", "4"], "kind": "target",
             "threshold": TH("range", 5, 8, "count")},
            {"path": ["PHẦN THỨ HAI", "II", "1"], "kind": "item",
             "time": T("year", "2026-01-01", "2026-12-31"),
             "implementing": ["Các chi bộ trực thuộc"]},
            {"path": ["PHẦN THỨ HAI", "II", "2"], "time": T("half", "2026-07-01", "2026-12-31"),
             "lead": ["Văn phòng Đảng ủy"], "coordinating": ["Ban Tổ chức Đảng ủy"]},
            {"path": ["PHẦN THỨ HAI", "II", "3"], "time": T("by_plan", None, None)},
        ],
    },
))

# 8. A report, copied out as text: the "-----" rule, relative periods.
DOCS.append(Doc(
    name="08_bao_cao_quy",
    fmt="txt",
    left=["ĐẢNG BỘ VKSND TỈNH NGHỆ AN", "CHI BỘ PHÒNG 1", "*", "Số 07-BC/CB"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Vinh, ngày 28 tháng 3 năm 2026"],
    title=["BÁO CÁO", "kết quả công tác quý I và nhiệm vụ trọng tâm quý II năm 2026",
           "-----"],
    body="""
Thực hiện Công văn số 15-CV/VPĐU của Văn phòng Đảng ủy, Chi bộ Phòng 1 báo cáo kết quả công tác quý I và nhiệm vụ quý II năm 2026 như sau:
I. KẾT QUẢ CÔNG TÁC QUÝ I NĂM 2026
1. Chi bộ duy trì sinh hoạt thường kỳ đúng quy định; 100% đảng viên tham gia sinh hoạt đầy đủ.
2. Giải quyết 45/48 vụ án, đạt 93,75%.
II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2026
1. Tổ chức sinh hoạt chuyên đề về kỹ năng tranh tụng.
- Thời gian thực hiện: Quý II.
2. Tiếp tục thực hiện các chỉ tiêu công tác 6 tháng đầu năm.
- Thời gian thực hiện: 6 tháng đầu năm.
3. Chuẩn bị báo cáo sơ kết, gửi Văn phòng Đảng ủy.
- Thời gian thực hiện: Trước ngày 15/6.
III. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị Đảng ủy tạo điều kiện cho đảng viên của Chi bộ tham gia lớp bồi dưỡng nghiệp vụ công tác Đảng năm 2026.
""",
    recipients=["- Văn phòng Đảng ủy (để tổng hợp);", "- Lưu Chi bộ."],
    signature=["T/M CHI BỘ", "BÍ THƯ", "Ngô Văn Sơn"],
    expect={
        "header": {"doc_type": "BÁO CÁO", "number": "07-BC/CB", "place": "Vinh",
                   "date": "2026-03-28", "issuer": "CHI BỘ PHÒNG 1",
                   "superior": "ĐẢNG BỘ VKSND TỈNH NGHỆ AN"},
        "signature": {"authority": "T/M CHI BỘ", "position": "BÍ THƯ", "name": "Ngô Văn Sơn"},
        "recipients": ["Văn phòng Đảng ủy (để tổng hợp)", "Lưu Chi bộ"],
        "sections": [["I", "KẾT QUẢ CÔNG TÁC QUÝ I NĂM 2026"],
                     ["II", "NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2026"],
                     ["III", "ĐỀ XUẤT, KIẾN NGHỊ"]],
        "items": [
            {"path": ["II", "1"], "kind": "item", "time": T("quarter", "2026-04-01", "2026-06-30")},
            {"path": ["II", "2"], "time": T("half", "2026-01-01", "2026-06-30")},
            {"path": ["II", "3"], "time": T("date", None, "2026-06-15")},
        ],
    },
))

# 9. A directive, pasted from an e-mail: decomposed diacritics and hard line breaks.
DOCS.append(Doc(
    name="09_chi_thi_nfd",
    fmt="txt",
    nfd=True,
    wrap=68,
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VKSND TỈNH LÂM ĐỒNG", "*", "Số 03-CT/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Lâm Đồng, ngày 02 tháng 4 năm 2026"],
    title=["CHỈ THỊ", "về tăng cường kỷ luật, kỷ cương trong thực thi công vụ", "-----"],
    body="""
Thời gian qua, việc chấp hành kỷ luật, kỷ cương hành chính của cán bộ, đảng viên trong Đảng bộ có nhiều chuyển biến tích cực; tuy nhiên vẫn còn một số trường hợp vi phạm thời hạn tố tụng. Để khắc phục, Ban Thường vụ Đảng ủy yêu cầu các tổ chức đảng, cán bộ, đảng viên thực hiện tốt các nội dung sau:
1. Cấp ủy các chi bộ trực thuộc quán triệt Chỉ thị này đến từng đảng viên, hoàn thành trong tháng 4/2026.
2. Người đứng đầu các đơn vị chịu trách nhiệm trực tiếp về việc chấp hành kỷ luật, kỷ cương; bảo đảm 100% vụ án được giải quyết đúng thời hạn luật định.
- Đơn vị thực hiện: Các chi bộ VKSND khu vực chủ trì; Văn phòng Đảng ủy phối hợp.
- Thời gian thực hiện: Thường xuyên.
3. Ủy ban Kiểm tra Đảng ủy tăng cường kiểm tra, giám sát việc thực hiện Chỉ thị này.
- Thời gian thực hiện: Quý III/2026.
4. Văn phòng Đảng ủy theo dõi, tổng hợp, báo cáo Ban Thường vụ kết quả thực hiện Chỉ thị trước ngày 15/12/2026.
""",
    recipients=["- Đảng ủy VKSND tối cao (để báo cáo);", "- Các chi bộ trực thuộc;",
                "- Lưu VPĐU."],
    signature=["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lương Văn Phúc"],
    expect={
        "header": {"doc_type": "CHỈ THỊ", "number": "03-CT/ĐU", "place": "Lâm Đồng",
                   "date": "2026-04-02", "issuer": "ĐẢNG ỦY VKSND TỈNH LÂM ĐỒNG",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "position": "BÍ THƯ",
                      "name": "Lương Văn Phúc"},
        "recipients": ["Đảng ủy VKSND tối cao (để báo cáo)", "Các chi bộ trực thuộc",
                       "Lưu VPĐU"],
        "sections": [],
        "items": [
            {"path": ["1"], "kind": "item", "time": T("month", "2026-04-01", "2026-04-30")},
            {"path": ["2"], "kind": "item", "time": T("regular", None, None),
             "lead": ["Các chi bộ VKSND khu vực"], "coordinating": ["Văn phòng Đảng ủy"]},
            {"path": ["3"], "time": T("quarter", "2026-07-01", "2026-09-30")},
            {"path": ["4"], "time": T("date", None, "2026-12-15")},
        ],
    },
))

# 10. A conclusion of the standing committee, numbered by Word, with "(1)" and "1)".
DOCS.append(Doc(
    name="10_ket_luan",
    fmt="docx",
    auto=("roman", "decimal", "bullet"),
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VKSND TỈNH HẢI DƯƠNG", "*", "Số 12-KL/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Hải Dương, ngày 08 tháng 5 năm 2026"],
    title=["KẾT LUẬN", "của Ban Thường vụ Đảng ủy về kết quả kiểm tra công tác quý I/2026",
           "-----"],
    body="""
Ngày 05/5/2026, Ban Thường vụ Đảng ủy nghe báo cáo kết quả kiểm tra công tác quý I/2026 tại các chi bộ trực thuộc. Ban Thường vụ kết luận như sau:
I. ĐÁNH GIÁ CHUNG
Các chi bộ được kiểm tra đã thực hiện nghiêm túc chế độ sinh hoạt và báo cáo; tuy nhiên còn một số hạn chế cần khắc phục.
II. NHIỆM VỤ THỜI GIAN TỚI
1. Các chi bộ khắc phục ngay các hạn chế sau:
(1) Chất lượng biên bản sinh hoạt chi bộ còn sơ sài.
(2) Việc lưu trữ hồ sơ đảng viên chưa đầy đủ.
2. Giao Văn phòng Đảng ủy thực hiện các việc sau:
1) Hướng dẫn các chi bộ ghi biên bản sinh hoạt theo mẫu, hoàn thành trước ngày 30/5/2026.
2) Tổng hợp kết quả khắc phục, báo cáo Ban Thường vụ trong tháng 6/2026.
3. Ủy ban Kiểm tra Đảng ủy chủ trì, phối hợp với Văn phòng Đảng ủy giám sát việc khắc phục.
- Thời gian thực hiện: Quý III/2026.
""",
    recipients=["- Các chi bộ trực thuộc (để thực hiện);", "- Lưu VPĐU."],
    signature=["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trịnh Văn Nam"],
    expect={
        "header": {"doc_type": "KẾT LUẬN", "number": "12-KL/ĐU", "place": "Hải Dương",
                   "date": "2026-05-08", "issuer": "ĐẢNG ỦY VKSND TỈNH HẢI DƯƠNG",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "position": "PHÓ BÍ THƯ",
                      "name": "Trịnh Văn Nam"},
        "recipients": ["Các chi bộ trực thuộc (để thực hiện)", "Lưu VPĐU"],
        "sections": [["I", "ĐÁNH GIÁ CHUNG"], ["II", "NHIỆM VỤ THỜI GIAN TỚI"]],
        "items": [
            {"path": ["II", "1", "(1)"], "kind": "item"},
            {"path": ["II", "1", "(2)"], "kind": "item"},
            {"path": ["II", "2", "1)"], "kind": "item", "time": T("date", None, "2026-05-30")},
            {"path": ["II", "2", "2)"], "kind": "item",
             "time": T("month", "2026-06-01", "2026-06-30")},
            {"path": ["II", "3"], "time": T("quarter", "2026-07-01", "2026-09-30"),
             "lead": ["Ủy ban Kiểm tra Đảng ủy"], "coordinating": ["Văn phòng Đảng ủy"]},
        ],
    },
))

# 11. A decision with its articles, printed to PDF over two pages.
DOCS.append(Doc(
    name="11_quyet_dinh",
    fmt="pdf",
    running="Quyết định số 97-QĐ/ĐU",
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VKSND TỈNH CẦN THƠ", "*", "Số 97-QĐ/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Cần Thơ, ngày 03 tháng 6 năm 2026"],
    title=["QUYẾT ĐỊNH", "thành lập Đoàn kiểm tra việc thực hiện nhiệm vụ năm 2026", "-----"],
    body="""
- Căn cứ Điều lệ Đảng và Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương về công tác kiểm tra, giám sát và kỷ luật của Đảng;
- Căn cứ Chương trình kiểm tra, giám sát năm 2026 của Ban Chấp hành Đảng bộ;
- Xét đề nghị của Ủy ban Kiểm tra Đảng ủy,
BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH
Điều 1. Thành lập Đoàn kiểm tra việc thực hiện nhiệm vụ năm 2026 tại Chi bộ VKSND khu vực 1 và Chi bộ VKSND khu vực 2.
Điều 2. Đoàn kiểm tra có nhiệm vụ:
1. Kiểm tra việc lãnh đạo thực hiện nhiệm vụ chính trị; bảo đảm kiểm tra không dưới 30% hồ sơ vụ án đã giải quyết.
2. Thời gian kiểm tra: từ ngày 15/6 đến ngày 30/6/2026.
3. Báo cáo kết quả với Ban Thường vụ trước ngày 10/7/2026.
[[PAGEBREAK]]
Điều 3. Văn phòng Đảng ủy, Ủy ban Kiểm tra Đảng ủy, các chi bộ được kiểm tra và các đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.
""",
    recipients=["- Như Điều 3;", "- Đảng ủy VKSND tối cao (để báo cáo);", "- Lưu VPĐU."],
    signature=["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Châu Minh Trí"],
    expect={
        "header": {"doc_type": "QUYẾT ĐỊNH", "number": "97-QĐ/ĐU", "place": "Cần Thơ",
                   "date": "2026-06-03", "issuer": "ĐẢNG ỦY VKSND TỈNH CẦN THƠ",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "position": "BÍ THƯ",
                      "name": "Châu Minh Trí"},
        "recipients": ["Như Điều 3", "Đảng ủy VKSND tối cao (để báo cáo)", "Lưu VPĐU"],
        "sections": [],
        "items": [
            {"path": ["Điều 1"], "kind": "item"},
            {"path": ["Điều 2", "1"], "kind": "item"},
            {"path": ["Điều 2", "2"], "time": T("range", "2026-06-15", "2026-06-30")},
            {"path": ["Điều 2", "3"], "time": T("date", None, "2026-07-10")},
            {"path": ["Điều 3"], "kind": "item"},
        ],
    },
))

# 12. An inspection program copied from Word as text: the two header columns side by
#     side on one line, a relative quarter, "hằng quý".
DOCS.append(Doc(
    name="12_chuong_trinh_kiem_tra",
    fmt="txt",
    spaced_columns=True,
    left=["ĐẢNG ỦY VKSND TỈNH NGHỆ AN", "ỦY BAN KIỂM TRA", "*", "Số 02-CTr/UBKT"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Vinh, ngày 12 tháng 01 năm 2026"],
    title=["CHƯƠNG TRÌNH", "kiểm tra, giám sát năm 2026", "-----"],
    body="""
Căn cứ Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương, Ủy ban Kiểm tra Đảng ủy xây dựng Chương trình kiểm tra, giám sát năm 2026 như sau:
I. CÔNG TÁC KIỂM TRA
1. Kiểm tra tổ chức đảng cấp dưới việc thực hiện nhiệm vụ kiểm tra, giám sát.
- Đối tượng: Chi bộ Phòng 1, Chi bộ Văn phòng.
- Thời gian thực hiện: Quý II.
2. Kiểm tra đảng viên khi có dấu hiệu vi phạm.
- Thời gian thực hiện: Khi có dấu hiệu vi phạm.
II. CÔNG TÁC GIÁM SÁT
1. Giám sát thường xuyên việc chấp hành Điều lệ Đảng của tổ chức đảng và đảng viên.
- Thời gian thực hiện: Hằng quý.
2. Giám sát chuyên đề việc thực hiện quy định về những điều đảng viên không được làm tại các chi bộ VKSND khu vực.
- Thời gian thực hiện: Tháng 8 năm 2026.
III. TỔ CHỨC THỰC HIỆN
Các đồng chí Ủy viên Ủy ban Kiểm tra theo lĩnh vực được phân công xây dựng kế hoạch cụ thể, báo cáo kết quả trước ngày 15/11.
""",
    recipients=["- Ban Thường vụ Đảng ủy (để báo cáo);", "- Các chi bộ trực thuộc;",
                "- Lưu UBKT."],
    signature=["T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM", "Bùi Thị Hạnh"],
    expect={
        "header": {"doc_type": "CHƯƠNG TRÌNH", "number": "02-CTr/UBKT", "place": "Vinh",
                   "date": "2026-01-12", "issuer": "ỦY BAN KIỂM TRA",
                   "superior": "ĐẢNG ỦY VKSND TỈNH NGHỆ AN"},
        "signature": {"authority": "T/M ỦY BAN KIỂM TRA", "position": "CHỦ NHIỆM",
                      "name": "Bùi Thị Hạnh"},
        "recipients": ["Ban Thường vụ Đảng ủy (để báo cáo)", "Các chi bộ trực thuộc",
                       "Lưu UBKT"],
        "sections": [["I", "CÔNG TÁC KIỂM TRA"], ["II", "CÔNG TÁC GIÁM SÁT"],
                     ["III", "TỔ CHỨC THỰC HIỆN"]],
        "items": [
            {"path": ["I", "1"], "kind": "item", "time": T("quarter", "2026-04-01", "2026-06-30")},
            {"path": ["I", "2"], "kind": "item", "time": T("other", None, None)},
            {"path": ["II", "1"], "time": T("regular", None, None)},
            {"path": ["II", "2"], "time": T("month", "2026-08-01", "2026-08-31")},
        ],
    },
))

# 13. A provincial inspection plan printed to PDF, with its tasks in a ruled table whose
#     lead-unit cells are merged down several rows; relative times ("Quý III").
DOCS.append(Doc(
    name="13_ke_hoach_kiem_tra_bang",
    fmt="pdf",
    running="Kế hoạch số 19-KH/ĐU",
    left=["ĐẢNG BỘ VKSND TỐI CAO", "ĐẢNG ỦY VKSND TỈNH QUẢNG NAM", "*", "Số 19-KH/ĐU"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Quảng Nam, ngày 16 tháng 6 năm 2026"],
    title=["KẾ HOẠCH",
           "kiểm tra, giám sát việc thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
           "-----"],
    body="""
Thực hiện Chương trình kiểm tra, giám sát năm 2026, Ban Thường vụ Đảng ủy xây dựng Kế hoạch kiểm tra, giám sát việc thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng kết quả thực hiện Nghị quyết, chỉ rõ hạn chế, nguyên nhân.
2. Việc kiểm tra phải khách quan, đúng quy định, không gây khó khăn cho đơn vị.
II. NỘI DUNG, ĐỐI TƯỢNG VÀ THỜI GIAN
1. Nội dung: việc quán triệt, cụ thể hóa và tổ chức thực hiện Nghị quyết; kết quả số hóa hồ sơ, ứng dụng phần mềm quản lý án.
2. Đối tượng và thời gian: theo Danh mục dưới đây.
| STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian
| 1 | Kiểm tra tại Chi bộ Phòng 7 | Ủy ban Kiểm tra Đảng ủy | Văn phòng Đảng ủy | Quý III
| 2 | Kiểm tra tại Chi bộ VKSND khu vực 2 | ^ | Chi bộ Phòng 7 | Tuần đầu tháng 10/2026
| 3 | Giám sát chuyên đề tại các chi bộ VKSND khu vực | ^ | Văn phòng Đảng ủy | Từ tháng 10 đến tháng 11
| 4 | Tổng hợp, báo cáo kết quả | Văn phòng Đảng ủy | Ủy ban Kiểm tra Đảng ủy | Trước ngày 15/12
III. TỔ CHỨC THỰC HIỆN
Ủy ban Kiểm tra Đảng ủy thông báo lịch kiểm tra đến các chi bộ trước 07 ngày; các chi bộ chuẩn bị báo cáo và hồ sơ, tài liệu có liên quan.
""",
    recipients=["- Đảng ủy VKSND tối cao (để báo cáo);", "- Các chi bộ được kiểm tra;",
                "- Lưu VPĐU."],
    signature=["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Huỳnh Thị Thu"],
    expect={
        "header": {"doc_type": "KẾ HOẠCH", "number": "19-KH/ĐU", "place": "Quảng Nam",
                   "date": "2026-06-16", "issuer": "ĐẢNG ỦY VKSND TỈNH QUẢNG NAM",
                   "superior": "ĐẢNG BỘ VKSND TỐI CAO"},
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "position": "PHÓ BÍ THƯ",
                      "name": "Huỳnh Thị Thu"},
        "recipients": ["Đảng ủy VKSND tối cao (để báo cáo)", "Các chi bộ được kiểm tra",
                       "Lưu VPĐU"],
        "sections": [["I", "MỤC ĐÍCH, YÊU CẦU"], ["II", "NỘI DUNG, ĐỐI TƯỢNG VÀ THỜI GIAN"],
                     ["III", "TỔ CHỨC THỰC HIỆN"]],
        "items": [
            {"path": ["II", "2", "1"], "kind": "item", "lead": ["Ủy ban Kiểm tra Đảng ủy"],
             "coordinating": ["Văn phòng Đảng ủy"],
             "time": T("quarter", "2026-07-01", "2026-09-30")},
            {"path": ["II", "2", "2"], "lead": ["Ủy ban Kiểm tra Đảng ủy"],
             "coordinating": ["Chi bộ Phòng 7"], "time": T("week", "2026-10-01", "2026-10-07")},
            {"path": ["II", "2", "3"], "lead": ["Ủy ban Kiểm tra Đảng ủy"],
             "time": T("range", "2026-10-01", "2026-11-30")},
            {"path": ["II", "2", "4"], "lead": ["Văn phòng Đảng ủy"],
             "coordinating": ["Ủy ban Kiểm tra Đảng ủy"], "time": T("date", None, "2026-12-15")},
        ],
    },
))

# 14. A branch's plan copied out of Word as text: header and closing come out of their
#     layout tables as tab-separated columns.
DOCS.append(Doc(
    name="14_chi_bo_ke_hoach_tab",
    fmt="txt",
    tab_columns=True,
    left=["ĐẢNG BỘ VKSND TỈNH THANH HÓA", "CHI BỘ PHÒNG 7", "*", "Số 04-KH/CB"],
    right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Thanh Hóa, ngày 09 tháng 02 năm 2026"],
    title=["KẾ HOẠCH", "học tập, quán triệt và thực hiện Nghị quyết Đại hội XIV của Đảng",
           "-----"],
    body="""
Thực hiện Kế hoạch số 15-KH/ĐU ngày 05/02/2026 của Đảng ủy VKSND tỉnh, Chi bộ Phòng 7 xây dựng kế hoạch như sau:
1. Tổ chức cho 100% đảng viên tham gia học tập Nghị quyết; hoàn thành trong tháng 3/2026.
2. Mỗi đảng viên viết bài thu hoạch, xây dựng kế hoạch cá nhân, nộp Chi ủy trước ngày 31/3/2026.
3. Chi ủy chủ trì, phối hợp với Công đoàn bộ phận tổ chức tọa đàm chuyên đề về chuyển đổi số.
- Thời gian thực hiện: Quý II/2026.
""",
    recipients=["- Đảng ủy VKSND tỉnh (để báo cáo);", "- Đảng viên trong Chi bộ;",
                "- Lưu Chi bộ."],
    signature=["T/M CHI BỘ", "BÍ THƯ", "Mai Xuân Trường"],
    expect={
        "header": {"doc_type": "KẾ HOẠCH", "number": "04-KH/CB", "place": "Thanh Hóa",
                   "date": "2026-02-09", "issuer": "CHI BỘ PHÒNG 7",
                   "superior": "ĐẢNG BỘ VKSND TỈNH THANH HÓA"},
        "signature": {"authority": "T/M CHI BỘ", "position": "BÍ THƯ",
                      "name": "Mai Xuân Trường"},
        "recipients": ["Đảng ủy VKSND tỉnh (để báo cáo)", "Đảng viên trong Chi bộ",
                       "Lưu Chi bộ"],
        "sections": [],
        "items": [
            {"path": ["1"], "kind": "item", "time": T("month", "2026-03-01", "2026-03-31")},
            {"path": ["2"], "time": T("date", None, "2026-03-31")},
            {"path": ["3"], "lead": ["Chi ủy"], "coordinating": ["Công đoàn bộ phận"],
             "time": T("quarter", "2026-04-01", "2026-06-30")},
        ],
    },
))
_ROOTS_EXTRA = {"14_chi_bo_ke_hoach_tab": ["1", "2", "3"]}

# Every document keeps its preamble (the opening paragraphs before the first section)
# and has exactly these elements at the top of its tree.
_PREAMBLES = {
    "11_quyet_dinh": ["- Căn cứ Điều lệ Đảng", "- Căn cứ Chương trình kiểm tra",
                      "- Xét đề nghị của Ủy ban Kiểm tra", "BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH"],
}
_ROOTS = {"09_chi_thi_nfd": ["1", "2", "3", "4"],
          "11_quyet_dinh": ["Điều 1", "Điều 2", "Điều 3"]}
for _doc in DOCS:
    _doc.expect["preamble"] = _PREAMBLES.get(_doc.name, [_doc.body_lines()[0][:40]])
    _doc.expect["roots"] = {**_ROOTS, **_ROOTS_EXTRA}.get(
        _doc.name, [n for n, _t in _doc.expect["sections"]])
    _doc.expect["header"]["summary"] = " ".join(t for t in _doc.title[1:] if t != "-----")
