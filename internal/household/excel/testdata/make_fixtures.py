#!/usr/bin/python3
"""Writes the spreadsheet fixtures of the import tests the way offices' tools
write them: openpyxl for the files, then LibreOffice Calc (headless) re-saves
some of them as it writes .xlsx itself. Run once, commit the .xlsx files:

    apt-get install python3-openpyxl libreoffice-calc-nogui
    cd internal/household/excel/testdata && /usr/bin/python3 make_fixtures.py

The Go tests only read the committed files.
"""
import datetime
import os
import shutil
import subprocess
import tempfile
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))


def nfd(s):
    return unicodedata.normalize("NFD", s)


def ministry(path, codes=("HN-001", "HN-002", "HN-003"), areas=("P14-T01", "P14-T02")):
    """A ministry-style list: a cover sheet first, the data on the second
    sheet "DS hộ nghèo 2025" under a title block, a two-level header
    (household columns merged over two rows, six indicators under the merged
    group "Các chỉ số thiếu hụt"), a column-number row, a totals row and a
    signature block."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Bìa"
    cover["A1"] = "ỦY BAN NHÂN DÂN PHƯỜNG 14"
    cover["A3"] = "BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"
    ws = wb.create_sheet("DS hộ nghèo 2025")
    ws["A1"] = "ỦY BAN NHÂN DÂN PHƯỜNG 14"
    ws.merge_cells("A1:E1")
    ws["H1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("H1:P1")
    ws["A2"] = "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"
    ws.merge_cells("A2:R2")
    ws["A2"].font = Font(bold=True, size=14)
    single = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Địa chỉ", "Mã tổ dân phố", "Số khẩu", "Khu vực"]
    for i, h in enumerate(single):
        col = chr(ord("A") + i)
        ws[f"{col}4"] = h
        ws.merge_cells(f"{col}4:{col}5")
    ws["H4"] = "Thu nhập bình quân"  # over its unit, not merged
    ws["H5"] = "(đồng/người/tháng)"
    ws["I4"] = "Chuẩn nghèo"
    ws.merge_cells("I4:I5")
    ws["J4"] = "Năm rà soát"
    ws.merge_cells("J4:J5")
    ws["K4"] = "Các chỉ số thiếu hụt"
    ws.merge_cells("K4:P4")
    for col, h in zip("KLMNOP", ["Việc làm", "BHYT", "Chất lượng nhà ở", "Nguồn nước sinh hoạt",
                                 "Nhà tiêu hợp vệ sinh", "Sử dụng dịch vụ viễn thông"]):
        ws[f"{col}5"] = h
    ws["Q4"] = "Ghi chú"
    ws.merge_cells("Q4:Q5")
    ws["R4"] = "Xác nhận của tổ trưởng"
    ws.merge_cells("R4:R5")
    for row in ws["A4:R5"]:
        for c in row:
            c.font = Font(bold=True)
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i in range(18):
        ws.cell(row=6, column=i + 1, value=f"({i + 1})")
    people = [
        # STT, code, head (NFD as a Mac writes it), address, area, members, zone, income, standard, year, marks K..P, note
        (1, codes[0], nfd("Nguyễn Thị Hồng"), nfd("12/3 Lê Đức Thọ"), areas[0], 4, "Thành thị", 1500000, "2022-2026", 2025,
         "xxx   ", nfd("Chủ hộ ốm đau")),
        (2, codes[1], "Trần Văn Bình", "45 Quang Trung", areas[1], 3, "Thành thị", 1800000, "2022-2026", 2025,
         "   x  ", ""),
        (3, codes[2], "Lê Thị Cúc", "7 Phạm Văn Chiêu", areas[0], 5, "Thành thị", 1200000, "2022-2026", 2025,
         " X  xx", ""),
    ]
    for n, p in enumerate(people):
        r = 7 + n
        for i, v in enumerate(p[:10]):
            ws.cell(row=r, column=i + 1, value=v)
        ws.cell(row=r, column=8).number_format = "#,##0"
        for i, m in enumerate(p[10]):
            if m.strip():
                ws.cell(row=r, column=11 + i, value=m)
        if p[11]:
            ws.cell(row=r, column=17, value=p[11])
    ws["A10"] = "Tổng cộng"
    ws.merge_cells("A10:E10")
    ws["F10"] = "=SUM(F7:F9)"
    for col in "KLMNOP":
        ws[f"{col}10"] = f'=COUNTIF({col}7:{col}9,"x")'
    ws["J12"] = "Phường 14, ngày 03 tháng 6 năm 2025"
    ws["B13"] = "Người lập biểu"
    ws["J13"] = "TM. ỦY BAN NHÂN DÂN"
    ws["J14"] = "CHỦ TỊCH"
    ws["B15"] = "(Ký, ghi rõ họ tên)"
    ws["J15"] = "(Ký, ghi rõ họ tên)"
    ws["B18"] = "Trần Thị Thu Hà"
    ws["J18"] = "Nguyễn Văn Thành"
    wb.save(path)


def assignments(path, rows, date_formats):
    """An assignment sheet as the template lays it out (Vietnamese header,
    English header), filled in by hand: dates as real date cells with the
    given number formats, or as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phân công"
    ws.append(["Mã hộ", "Mã đơn vị phụ trách", "Email người phụ trách", "Từ ngày", "Lý do"])
    ws.append(["Household code", "Unit code", "Person in charge (email)", "From (dd/mm/yyyy)", "Reason"])
    for r, fmt in zip(rows, date_formats):
        ws.append(list(r))
        if fmt:
            ws.cell(row=ws.max_row, column=4).number_format = fmt
    wb.save(path)


def libreoffice(src, dst):
    """Re-saves src through LibreOffice Calc, which writes its own .xlsx."""
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src], check=True, capture_output=True)
        shutil.move(os.path.join(out, os.path.basename(src)), dst)


def main():
    ministry(os.path.join(HERE, "ministry_openpyxl.xlsx"))
    libreoffice(os.path.join(HERE, "ministry_openpyxl.xlsx"), os.path.join(HERE, "ministry_libreoffice.xlsx"))
    # The same list for the demo ward (frontend/e2e uploads it).
    ministry(os.path.join(HERE, "ministry_demo_ward.xlsx"), ("P14-KP01-0907", "P14-KP01-0908", "P14-KP01-0909"),
             ("26890-KP01-T01", "26890-KP01-T02"))

    d = datetime.datetime(2025, 6, 3)
    good = [
        ("P14-KP03-0033", "26890-CB-KP03", "dangvien.kp3@chungtay.local", d, "Phân công đầu năm"),
        ("P14-KP03-0034", "26890-CB-KP03", "DangVien.KP3@chungtay.local", datetime.datetime(2025, 6, 3, 14, 30), ""),
        ("P14-KP03-0035", "26890-CB-KP03", "dangvien.kp3@chungtay.local", "03/06/2025", ""),
        ("P14-KP03-0036", "26890-CB-KP03", "dangvien.kp3@chungtay.local", d, nfd("Chi bộ họp ngày 02/6")),
    ]
    # numFmt 14 (openpyxl's "mm-dd-yy" is Excel's built-in short date), a
    # date-time, a text date, and vi-VN's DD/MM/YY.
    assignments(os.path.join(HERE, "assign_openpyxl.xlsx"), good, ["mm-dd-yy", "yyyy-mm-dd h:mm:ss", None, "DD/MM/YY"])
    tmp = os.path.join(HERE, "assign_lo_src.xlsx")
    assignments(tmp, good, ["DD/MM/YY", "DD/MM/YYYY HH:MM", None, "DD/MM/YY"])
    libreoffice(tmp, os.path.join(HERE, "assign_libreoffice.xlsx"))
    os.remove(tmp)

    bad = [
        ("P14-KP99-9999", "26890-CB-KP03", "", d, ""),                          # no such household
        ("P14-KP03-0033", "26890-CB-KP03", "", "31/02/2025", ""),               # no such day
        ("P14-KP03-0034", "26890-CB-KP99", "", d, ""),                          # no such unit
        ("P14-KP03-0035", "", "khong.co@chungtay.local", d, ""),                # no such person
        ("P14-KP03-0036", "26890-CB-KP03", "dangvien.kp3@chungtay.local", d, ""),  # good
        ("", "26890-CB-KP03", "", "mai", ""),                                   # no household, a word for a date
    ]
    assignments(os.path.join(HERE, "assign_bad.xlsx"), bad, ["mm-dd-yy", None, "mm-dd-yy", "mm-dd-yy", "mm-dd-yy", None])


if __name__ == "__main__":
    main()
