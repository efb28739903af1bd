"""The committee's narrative sections a test report is issued with."""

SECTIONS = {
    "situation": "Tình hình đơn vị ổn định.\n\nĐảng viên đoàn kết, thống nhất.",
    "assessment": "Chi bộ hoàn thành các nhiệm vụ trọng tâm.",
    "directions": "- Tiếp tục thực hiện chương trình.\n- Tổ chức đối thoại định kỳ.",
    "proposals": "Đề nghị cấp trên tổ chức tập huấn.",
}
