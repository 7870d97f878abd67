"""Write the bad-input corpus: files as a user would have them, each listed in MANIFEST.yaml.

Run ``python tests/data/bad/make.py`` from the repository root after changing a case;
the output is committed, so the tests read the same bytes every time. Zip-based files
(``.xlsx``) are written with fixed timestamps, so running this again changes nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
STAMP = (2026, 1, 1, 0, 0, 0)

REPS = "rep_id,name,team_id,hire_date"
CONTACTS = "contact_id,date,rep_id,account_id,type,outcome"
DEALS = "deal_id,account_id,rep_id,date,amount"
SCORES = "session_id,rep_id,trainer_id,criterion_id,score,scored_on,rubric_version"
ATTEMPTS = "learner_id,module,exercise_id,score,max_score,created_at"

CASES: dict[str, bytes | Callable[[Path], None]] = {}


def text(name: str, lines: list[str], encoding: str = "utf-8", end: str = "\n") -> None:
    """A text file of ``lines``, each ended by ``end`` (the last one too)."""
    CASES[name] = "".join(line + end for line in lines).encode(encoding)


# ------------------------------------------------------------------ encodings
text("enc_big5.csv", [REPS, "R7,陳大文,T01,2024-03-01", "R8,張偉明,T01,2024-03-01"], "big5")
text(
    "enc_shift_jis.csv", [REPS, "R7,山田太郎,T01,2024-03-01", "R8,田中,T01,2024-03-01"], "shift_jis"
)
text(
    "enc_latin1.csv", [REPS, "R7,Müller,T01,2024-03-01", "R8,Jürgen Groß,T01,2024-03-01"], "latin-1"
)
text("enc_utf16_bom.csv", [REPS, "R7,王伟,T01,2024-03-01"], "utf-16")
text("enc_utf16le_no_bom.csv", [REPS, "R7,王伟,T01,2024-03-01"], "utf-16-le")
CASES["enc_mixed.csv"] = (
    (REPS + "\nR7,王伟,T01,2024-03-01\n").encode("utf-8")
    + "R8,陳大文,T01,2024-03-01\n".encode("big5")
    + "R9,Müller,T01,2024-03-01\n".encode("latin-1")
)

# ------------------------------------------------------------------ empty files
CASES["empty_0_bytes.csv"] = b""
CASES["empty_only_bom.csv"] = b"\xef\xbb\xbf"
CASES["empty_blank_lines.csv"] = b"\n\n\r\n\n"
text("empty_header_only.csv", [CONTACTS])
text("empty_header_and_blank_lines.csv", [CONTACTS, "", "", ",,,,,"])

# ------------------------------------------------------------------ truncated files
CASES["truncated_mid_quote.csv"] = (
    CONTACTS + '\nC7,2026-03-02,R0,A0,visit,talked\nC8,2026-03-03,R0,"A0,vis'
).encode()
CASES["truncated_at_a_quote.csv"] = (CONTACTS + '\n"').encode()
CASES["last_line_lone_cr.csv"] = (DEALS + "\nD7,A0,R99,2026-03-05,100\n\r,").encode()
CASES["truncated_mid_line.csv"] = (CONTACTS + "\nC7,2026-03-02,R0,A").encode()
CASES["truncated_mid_utf8_char.csv"] = (REPS + "\nR7,王伟,T01,2024-03-01\nR8,王").encode()[:-1]

# ------------------------------------------------------------------ columns and types
text("missing_columns.csv", ["contact_id,date,rep_id,type", "C7,2026-03-02,R0,visit"])
text("duplicate_header.csv", [CONTACTS + ",date", "C7,2026-03-02,R0,A0,visit,talked,2026-03-03"])
text(
    "extra_fields_in_row.csv",
    [CONTACTS, "C7,2026-03-02,R0,A0,visit,talked", "C8,2026-03-02,R0,A0,visit,talked,oops"],
)
# an unquoted comma in the first row: pandas would take the extra field for an index
text("extra_field_first_row.csv", [REPS, "R7,Wang, Wei,T01,2024-03-01", "R8,Li,T01,2024-03-01"])
text(
    "wrong_types_contacts.csv",
    [
        CONTACTS,
        "C7,yesterday,R0,A0,visit,talked",
        "C8,2026-03-02,R0,A0,fax,talked",
        "C9,2026-03-02,R0,A0,visit,maybe",
        "C10,45678,R0,A0,call,talked",
    ],
)
text(
    "wrong_types_deals.csv",
    [
        DEALS,
        "D7,A0,R0,2026-03-02,abc",
        'D8,A0,R0,2026-03-02,"1,5"',
        "D9,A0,R0,2026-03-02,-100",
        'D10,A0,R0,2026-03-02,"1.234,56"',
        "D11,A0,R0,2026-03-02,inf",
        "D12,A0,R0,2026-03-02,1e400",
    ],
)
text(
    "wrong_types_scores.csv",
    [
        SCORES,
        "S7,R0,TR1,c1,6,2026-03-02,v1",
        "S7,R0,TR1,c2,4.5,2026-03-02,v1",
        "S7,R0,TR1,c3,five,2026-03-02,v1",
    ],
)
text(
    "wrong_types_attempts.csv",
    [
        ATTEMPTS,
        "R0,04_objections,quiz:q1,5,3,2026-03-02T09:00:00+08:00",
        "R0,04_objections,quiz:q2,1,0,2026-03-02T09:00:00+08:00",
        "R0,04_objections,quiz:q3,1,3,2026-03-02T25:00:00+08:00",
    ],
)
text(
    "unknown_refs.csv",
    [CONTACTS, "C7,2026-03-02,R99,A0,visit,talked", "C8,2026-03-02,R0,A99,visit,talked"],
)
text(
    "duplicate_ids.csv",
    [CONTACTS, "C1,2026-03-01,R0,A0,visit,talked", "C1,2026-03-01,R0,A0,visit,talked"],
)
text(
    "row_numbers_as_ids.csv",
    [CONTACTS, "1,2026-03-02,R0,A0,visit,talked", "2,2026-03-03,R0,A0,visit,talked"],
)

# ------------------------------------------------------------------ dates
text(
    "date_feb_30.csv",
    [CONTACTS, "C7,2026-02-30,R0,A0,visit,talked", "C8,2026-13-01,R0,A0,visit,talked"],
)
text("date_1899.csv", [CONTACTS, "C7,1899-12-31,R0,A0,visit,talked"])
text("date_2101.csv", [CONTACTS, "C7,2101-01-01,R0,A0,visit,talked"])
text(
    "date_cut_short.csv",
    [CONTACTS, "C7,2026-03-0,R0,A0,visit,talked", "C8,2026-01-1,R0,A0,visit,talked"],
)

# ------------------------------------------------------------------ huge fields, NUL bytes
HUGE = 330_000  # past the csv module's 128 KiB field limit by about 200 KB
text("huge_field.csv", [REPS, f"R7,{'王' * (HUGE // 3)},T01,2024-03-01"])
text("huge_field_last_line.csv", [REPS, f"R7,Wang,T01,{'9' * HUGE}"], end="\n")
CASES["huge_id_no_line_end.csv"] = (
    f"{CONTACTS}\n{'C' * HUGE},2026-03-02,R0,A0,visit,talked".encode()
)
CASES["nul_in_cell.csv"] = (CONTACTS + "\nC7\x00,2026-03-02,R0,A0,visit,talked\n").encode()
CASES["nul_in_header.csv"] = (
    b"contact_id\x00,date,rep_id,account_id,type,outcome\nC7,2026-03-02,R0,A0,visit,talked\n"
)
CASES["nul_bytes_only.csv"] = b"\x00" * 64

# ------------------------------------------------------------------ formula cells
text(
    "formula_cells.csv",
    [
        CONTACTS,
        'C7,2026-03-02,"=HYPERLINK(""http://example.com"",""x"")",A0,visit,talked',
        "C8,2026-03-02,R0,+cmd|' /C calc'!A0,visit,talked",
        "C9,2026-03-02,R0,A0,@SUM(1+1),talked",
        "C10,2026-03-02,R0,A0,visit,=1+1",
    ],
)

# ------------------------------------------------------------------ title rows (header detection)
text("title_row.csv", ["客户拜访记录 2026年3月,,,,,", CONTACTS, "C7,2026-02-30,R0,A0,visit,talked"])

# ------------------------------------------------------------------ not a CSV or xlsx
text("contacts.txt", [CONTACTS, "C7,2026-03-02,R0,A0,visit,talked"])
CASES["not_a_zip.xlsx"] = (CONTACTS + "\nC7,2026-03-02,R0,A0,visit,talked\n").encode()


def _zip(path: Path, files: dict[str, bytes]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, STAMP), data)
    path.write_bytes(out.getvalue())


def _book(path: Path, rows: list[list[object]] | None, title: str = "Sheet1") -> None:
    """An .xlsx file with one sheet of ``rows`` (None: an empty sheet), fixed timestamps."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows or []:
        ws.append(row)
    raw = io.BytesIO()
    wb.save(raw)
    with zipfile.ZipFile(raw) as z:
        files = {n: z.read(n) for n in z.namelist()}
    # openpyxl stamps the time of saving
    files["docProps/core.xml"] = re.sub(
        rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-01-01T00:00:00Z", files["docProps/core.xml"]
    )
    _zip(path, files)


def _xlsx(rows: list[list[object]] | None, title: str = "Sheet1") -> Callable[[Path], None]:
    return lambda path: _book(path, rows, title)


def _truncated(path: Path) -> None:
    _book(path, [CONTACTS.split(","), ["C7", "2026-03-02", "R0", "A0", "visit", "talked"]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _no_sheets(path: Path) -> None:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    _zip(
        path,
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
                b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                b'<Default Extension="xml" ContentType="application/xml"/><Override '
                b'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}">'
                "<sheets/></workbook>"
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                b'openxmlformats.org/package/2006/relationships"></Relationships>'
            ),
        },
    )


HEAD = CONTACTS.split(",")
CASES["xlsx_truncated.xlsx"] = _truncated
CASES["xlsx_no_sheets.xlsx"] = _no_sheets
CASES["xlsx_empty_sheet.xlsx"] = _xlsx(None)
CASES["xlsx_header_only.xlsx"] = _xlsx([HEAD])
CASES["xlsx_missing_columns.xlsx"] = _xlsx([HEAD[:3], ["C7", "2026-03-02", "R0"]])
CASES["xlsx_wrong_types.xlsx"] = _xlsx(
    [HEAD, ["C7", "2026-02-30", "R0", "A0", "visit", "talked"], ["C8", 3.5, "R0", "A0", 7, True]]
)
CASES["xlsx_formula_cells.xlsx"] = _xlsx(
    [
        HEAD,
        ["C7", "2026-03-02", '=HYPERLINK("http://example.com","R0")', "A0", "visit", "talked"],
        ["C8", "2026-03-02", "R0", "A0", '=CONCAT("vi","sit")', "talked"],
    ]
)
CASES["xlsx_title_row.xlsx"] = _xlsx(
    [["客户拜访记录 2026年3月"], HEAD, ["C7", "2026-02-30", "R0", "A0", "visit", "talked"]]
)

# ------------------------------------------------------------------ mapping files
text("_crm_contacts.csv", ["记录号,日期,销售,客户,方式,结果", "C7,05.03.2026,R0,A0,拜访,接通"])
text("map_broken.yaml", ["columns: {记录号: contact_id, 日期: date", "values: [type"])
text("map_gbk_unknown_column.yaml", ["columns: {记录号: contact_id, 日期: 拜访日期}"], "gbk")
text("map_utf16.yaml", ["columns: {记录号: contact_id}"], "utf-16")
text("map_unknown_key.yaml", ["columns: {记录号: contact_id}", "colums: {日期: date}"])
text("map_bad_date_format.yaml", ["columns: {日期: date}", 'date_format: "DD.MM.YYYY"'])
text("map_bad_timezone.yaml", ["columns: {日期: date}", "timezone: Beijing/China"])
text("map_bad_encoding.yaml", ["columns: {日期: date}", "encoding: chinese-ish"])
text("map_not_a_mapping.yaml", ["- columns", "- values"])
text("map_values_not_mapping.yaml", ["values: {type: visit}"])
CASES["map_nul.yaml"] = "columns: {记录号: contact_id\x00}\n".encode()
text("map_unknown_id_mode.yaml", ["id: row_number"])

# ------------------------------------------------------------------ playbook files
text(
    "pb_tabs.yaml",
    ["kind: quiz", "id: tabs", "name:", "\tzh: 测验", "\ten: Quiz", "items: []"],
)
text(
    "pb_duplicate_keys.yaml",
    [
        "kind: quiz",
        "id: dup_keys",
        "name: {zh: 测验, en: Quiz}",
        "name: {zh: 测验二, en: Quiz two}",
    ],
)
QUIZ_ITEM = [
    "  - id: q1",
    "    type: single",
    "    topics: [objection_steps]",
    "    prompt:",
    "      zh: 客户说太贵了，第一步做什么？",
    "      en: The customer says it is too dear. What comes first?",
    "    options:",
    "      - {id: a, text: {zh: 先认同感受, en: Acknowledge the feeling}, correct: true}",
    "      - {id: b, text: {zh: 马上降价, en: Cut the price at once}}",
    "    explanation:",
    "      zh: 先处理情绪，再谈价格。",
    "      en: Deal with the feeling first, then the price.",
]
text(
    "pb_missing_en.yaml",
    ["kind: quiz", "id: missing_en", "name: {zh: 测验}", "items:", *QUIZ_ITEM],
)
text(
    "pb_wrong_types.yaml",
    ["kind: quiz", "id: 42", "name: [测验, Quiz]", "items: {q1: yes}"],
)
text(
    "pb_unknown_kind.yaml",
    ["kind: recipe", "id: soup", "name: {zh: 汤, en: Soup}"],
)
text(
    "pb_bad_id_and_field.yaml",
    [
        "kind: quiz",
        "id: Bad-Id",
        "name: {zh: 测验, en: Quiz}",
        "descripton: typo",
        "items:",
        *QUIZ_ITEM,
    ],
)
text(
    "pb_bad_references.yaml",
    [
        "kind: quiz",
        "id: bad_refs",
        "name: {zh: 测验, en: Quiz}",
        "items:",
        *[line.replace("objection_steps", "no_such_method") for line in QUIZ_ITEM],
    ],
)
CASES["pb_nul.yaml"] = "kind: quiz\nid: nul\x00\nname: {zh: 测验, en: Quiz}\n".encode()
text("pb_latin1.yaml", ["kind: quiz", "id: latin", "name: {zh: Müller, en: Müller}"], "latin-1")
text("pb_utf16.yaml", ["kind: quiz", "id: wide", "name: {zh: 测验, en: Quiz}"], "utf-16")
CASES["pb_empty.yaml"] = b""
text("pb_not_a_mapping.yaml", ["- kind", "- quiz"])
text(
    "pb_key_with_line_break.yaml",
    ["kind: quiz", "id: key_break", "name: {zh: 测验, en: Quiz}", '"items\\n\\n  ": []'],
)
text("pb_kind_list.yaml", ["kind: [quiz]", "id: listed", "name: {zh: 测验, en: Quiz}"])
CASES["pb_deep_nesting.yaml"] = (
    "kind: quiz\nid: deep\nname: " + "[" * 5000 + "]" * 5000 + "\n"
).encode()
text(
    "pb_huge.yaml",
    [
        "kind: quiz",
        "id: huge",
        "name: {zh: 测验, en: Quiz}",
        "items:",
        *[line.replace("id: q1", f"id: q{i}") for i in range(1500) for line in QUIZ_ITEM],
        *[line.replace("id: q1", "id: q_last").replace("en: Cut", "fr: Cut") for line in QUIZ_ITEM],
    ],
)
text("pb_truncated.yaml", ["kind: quiz", "id: cut", "name: {zh: 测验, en: Qu"], end="")


def main(folder: Path = HERE) -> None:
    """Write every case into ``folder`` (default: next to this script)."""
    for name, made in CASES.items():
        path = folder / name
        if callable(made):
            made(path)
        else:
            path.write_bytes(made)
    total = sum((folder / n).stat().st_size for n in CASES)
    print(f"{len(CASES)} files, {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
