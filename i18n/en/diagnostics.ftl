## Messages by code.
##
## One message per code of the library (`vanban::diagnostic::all_codes()`); the key is
## the code with its dots written as dashes (`file.not_found` → `file-not_found`).
## Every message gets `$file` (the file of the location, as the user typed it) besides
## the library's own arguments. The argument `reason` is the system's own words: it is
## shown on its own line ("caused by: …"), never inside a message.
## A message starts in lower case (it follows "error: "), says what is wrong, then
## what to do.

file-not_found = cannot find the file `{ $file }`. Check the file's name and folder.
file-not_utf8 = cannot read `{ $file }`: it is not saved as UTF-8 text. Open it in Notepad, choose Save As, pick the UTF-8 encoding and save it again.
file-unreadable = cannot read `{ $file }`. If the file is open in Excel or Word, close it and run the command again.
file-unwritable = cannot write `{ $file }`. If the file is open in Excel or Word, close it and run the command again.
output-kept = `{ $file }` was changed since vanban wrote it: the changed copy is kept as `{ $kept }`, and the new file takes its place.

## The workflow's steps.

campaign-not_a_folder = `{ $file }` is not a campaign folder (a folder holding campaign.json).
campaign-json-missing_comma = a comma is missing at the end of this line: two fields (or two items of a list) must be separated by `,`
campaign-json-trailing_comma = a comma before a closing `{"}"}` or `]`; remove the last comma
campaign-json-unexpected_end = the file ends before a closing `{"}"}` or `]`; check the pairs of brackets
campaign-json-unquoted_key = a field name must be in double quotes, as in `"name": "…"`
campaign-json-expected_value = a value is missing, or a text value is not in double quotes (as in `"name": "Công đoàn A"`)
campaign-json-syntax = the campaign file is not valid JSON
campaign-field-missing = the field `{ $field }` is missing; add it
campaign-field-unknown = there is no field `{ $field }` here{ $closest ->
        [none] {""}
       *[other] ; did you mean `{ $closest }`?
    }
campaign-field-unknown_value = `{ $value }` cannot be used here; choose one of: { $allowed }
campaign-field-date = `{ $text }` is not a date; write it as 27/7/2017 or 2017-07-27
campaign-field-type = this field holds { $found ->
        [text] text
        [number] a number
        [whole_number] a whole number
        [boolean] true or false
        [null] null
        [group] a group {"{"} … {"}"}
        [list] a list [ … ]
       *[other] another kind of value
    } but takes { $expected ->
        [text] text in double quotes
        [number] a number
        [whole_number] a whole number
        [boolean] true or false
        [null] null
        [group] a group {"{"} … {"}"}
        [list] a list [ … ]
       *[other] another kind of value
    }
campaign-unit-empty_code = the unit's code is empty; each unit needs a code of its own (as `CD01`)
campaign-unit-duplicate_code = the code `{ $code }` is used by another unit; each unit needs a code of its own
campaign-indicator-bad_code = the indicator code `{ $code }` must be letters a-z without accents, digits and `_`, starting with a letter (as `luot_nguoi`)
campaign-indicator-duplicate_code = the code `{ $code }` is used by another indicator
campaign-period-order = the first day { $from } is after the last day { $to } (`reporting.period_to`)
campaign-check-unknown_indicator = `{ $code }` is not the code of an indicator (see `reporting.indicators`)
campaign-check-text_indicator = `{ $code }` is a text indicator; a check compares figures
campaign-check-itself = the check compares `{ $code }` with itself
campaign-check-times = the factor `times` is { $times }; it must be a number above 0
outline-not_point_letter = `{ $token }` is not a point letter: points follow the Vietnamese alphabet (a, b, c, d, đ, e, g, h, …, without f, j, w, z) and are renumbered, so write `a)`
outline-lookalike = `{ $token }` looks like { $level ->
        [section] a section number (I, II, …)
        [item] an item number (1, 2, …)
       *[point] a point letter (a, b, …)
    }; write `{ $write }`
outline-too_many_points = more than { $max } points under one item; split the item
outline-plus_without_dash = a `+` line must follow a `-` line of the same item (write `-` or add a `-` line above it)
outline-empty = `{ $label }` has no text after it
template-failed = { $detail }
template-warning = { $detail }
template-data_not_object = the data must be a JSON object {"{"} "name": value, … {"}"}, but this is { $found ->
        [array] an array (for one document per item, use --each)
        [string] a string
        [number] a number
        [boolean] a boolean
       *[other] null
    }
template-syntax = syntax error in this tag
template-nested_too_deep = blocks are nested more than { $max } deep; close some blocks first
template-not_inside_if = `{ $tag }` is not inside an `{"{"}% if %{"}"}` block
template-wrong_close = `{ $tag }` closes another block than the one open, `{ $open }`; close that one first
template-never_opened = `{ $tag }` closes a block that was never opened
template-never_closed = `{ $tag }` is never closed: add `{ $close }` where the block ends
template-missing_variable = `{ $name }` is not in the data
template-missing_field = the data has no field `{ $field }`
template-missing_list = `{ $name }` is not in the data (the loop needs a list)
template-cannot_render = cannot fill this tag
template-problem = { $detail }
template-empty_value = `{ $name }` is not in the data; rendered empty
template-not_word = this is not a Word .docx (it has no `word/document.xml`); is it a .doc or .xlsx renamed? Open it in Word and save it as .docx
template-xml = the template's { $part } (`{ $entry }`) is damaged and cannot be read
template-too_deep = the template's { $part } (`{ $entry }`) nests elements more than { $max } deep
template-output_too_large = the { $part } grows beyond { $limit } bytes while rendering (a loop over too much data?)
# issue 16 (hardening)
template-memory = filling this template needed more than { $limit } MB of memory, so it was stopped and nothing was written (a template can exhaust memory on purpose, e.g. by doubling a text many times)
campaign-memory = writing the { $document ->
        [plan] plan
       *[report] report
    } from the campaign's template (`templates/`) and outline (the `body` file in campaign.json) needed more than { $limit } MB of memory, so it was stopped and nothing was written (a template or outline can exhaust memory on purpose)
output-is_input = refusing to write `{ $file }`: it is one of the inputs (choose another output path).
forms-no_units = the campaign's roster (`reporting.units`) is empty.
forms-build = cannot build the form of unit `{ $unit }`.
merge-no_returns = no returned spreadsheets in `{ $file }`: receive the files the units sent (.xlsx, .xls, .ods) with `vanban nhan`, or copy them there, then run the merge again.
merge-xlsx = cannot write the merged workbook.
merge-json = cannot write the merged data.
merge-file-rejected = `{ $file }` was rejected; its reasons are listed above and in the merged workbook.
report-not_merged = `{ $file }` is missing: the report is made from the merged figures.
report-merge_stale = `{ $file }` does not describe the current returns{ $added_count ->
        [0] {""}
       *[other] ; added since the merge: { $added }
    }{ $removed_count ->
        [0] {""}
       *[other] ; removed: { $removed }
    }{ $changed_count ->
        [0] {""}
       *[other] ; changed since the merge: { $changed }
    }.
report-pair_mismatch = `{ $file }` is not from the same merge as `{ $json }` (the last merge may have been interrupted), so the workbook does not match the figures the report uses.
report-merged_file = { $detail }
report-other_campaign = the merged figures are for campaign `{ $found }`, not `{ $expected }` (campaign.json › campaign.id).
report-strict = refusing to write the report (--strict): the merge found { $count } error(s); { $more ->
        [0] they are below
       *[other] the first { $shown } are below
    }, all of them in the sheet "Lỗi và cảnh báo" of tong-hop.xlsx. Fix the returns and merge again, or make the report without --strict
report-inconsistent = the figures do not add up: { $problems }
mail_merge-not_object = this row is not a JSON object ({ $kind ->
        [null] it is null
        [boolean] it is a boolean
        [number] it is a number
        [string] it is a string
       *[array] it is an array
    }); each item must be {"{"}"field": value, …{"}"}
mail_merge-cell_error = the cell of the field "{ $field }" shows the error { $error }; fix the formula in the spreadsheet and run again
mail_merge-cell_date = the cell of the field "{ $field }" holds a date out of range ({ $value })
mail_merge-name = cannot make the file name from the --name pattern
mail_merge-name_empty = the file name `{ $name }` is empty once made safe.
mail_merge-exists = `{ $file }` already exists; not replaced (use --overwrite to replace it).
demo-returns = cannot build the demo's returns.

## The merge of the returns.

merge-file-empty = the file is empty
merge-file-word_document = this is a Word document, not a spreadsheet
merge-file-web_page = this is a web page (HTML/XML) saved with a spreadsheet name, not a spreadsheet; open it in Excel and save it as .xlsx
merge-file-zip_not_spreadsheet = this is a zip package but not a spreadsheet
merge-file-not_a_spreadsheet = the file is not a spreadsheet (unrecognised content)
merge-file-password = the workbook is protected by a password; save it without a password and send it again
merge-file-declared_size = { $details }; the file is damaged or crafted and was not opened
merge-file-too_many_cells = sheet `{ $sheet }` holds more than { $limit } cells (limit on cells per sheet)
# issue 16 (hardening)
merge-file-too_deep = sheet `{ $sheet }` nests its XML more than { $limit } deep (a damaged or crafted file); the file was not read
merge-file-damaged = the file is damaged and cannot be read ({ $problem ->
        [cut] it is not whole: perhaps a download or copy cut short
        [packed] the compressed data inside it is broken
       *[other] { $details }
    }); ask the unit to send the file again
merge-file-reader_crashed = the reader stopped on this file ({ $details }); the file is probably damaged or crafted
merge-file-not_finished = internal: the reader stopped before finishing this file
merge-file-superseded = unit `{ $unit }` sent another file, `{ $used }`, filled later; that one is used
merge-file-late = returned after the deadline: filled on { $filled }, deadline { $deadline }
merge-form-other_campaign = this is a form of campaign `{ $found }`, not of `{ $expected }`
merge-form-newer_version = the form is version { $version }, newer than this tool knows ({ $known })
merge-form-layout_changed = the form's layout was changed (rows or labels edited); its figures were found by their labels
merge-unit-not_on_roster = unit `{ $unit }` is not on the roster
merge-unit-several = the file names several units ({ $units }); send one file per unit
merge-unit-unknown = cannot tell which unit sent this file: it is not a vanban form, no cell holds the code or the name of a unit on the roster{ $labels ->
        [0] {""}
       *[other] {" "}(the "Mã đơn vị" label at { $label_at } is followed by "{ $label_next }", which is not a unit code)
    }, and the file name holds no unit code
merge-unit-by_file_name = the unit `{ $unit }` was recognised only by the file name; check it is the right unit
merge-unit-duplicate = unit `{ $unit }` sent several files: { $files }; `{ $used }` is used
merge-table-not_found = no indicator of the campaign was found in any sheet (the labels of the indicator table are missing)
merge-sheet-hidden = the figures were read from a hidden sheet
merge-indicator-not_found = indicator "{ $indicator }" (`{ $indicator_code }`) was not found in the table
merge-label-legacy_encoding = label written in { $encoding }, read as "{ $label }"
merge-value-legacy_encoding = text written in { $encoding }, repaired
merge-value-empty = no figure for "{ $indicator }"
merge-value-number_as_text = number typed as text "{ $text }", read as { $value }
merge-value-number_as_text_ambiguous = number typed as text "{ $text }", read as { $value } (separators read the Vietnamese way: `.` groups thousands)
merge-value-not_a_number = "{ $indicator }": "{ $value }" is not a number; not counted
merge-value-boolean = "{ $indicator }": { $value } is not a number; not counted
merge-value-date = "{ $indicator }": the cell holds a date (it is formatted as a date), not a number; not counted
merge-value-error_cell = "{ $indicator }": the cell shows the error { $error }; not counted
merge-value-uncalculated = "{ $indicator }": the formula `={ $formula }` was never calculated (no saved result); open the file in Excel or LibreOffice, save it and send it again; not counted
merge-value-not_finite = "{ $indicator }": the number is not finite; not counted
merge-value-negative = "{ $indicator }": { $value } is negative; not counted
merge-value-not_whole = "{ $indicator }": { $value } is not a whole number ({ $unit } must be counted whole); not counted
merge-value-fraction_of_dong = "{ $indicator }": { $value } has a fraction of a đồng; not counted
merge-file-blank = no figure is entered (a blank form): unit `{ $unit }` is counted as not reported
merge-file-no_figures = not taken as the return of unit `{ $unit }`: it is not a vanban form and no figure was found at the indicator labels (the unit was only named: { $matched })
merge-value-out_of_range = "{ $indicator }": { $value } is not plausible (the limit for this indicator is below { $limit }; a larger limit can be set as `max` in campaign.json); not counted
merge-value-too_long = "{ $indicator }": the text is { $length } characters long, more than a cell holds ({ $limit }); not counted
merge-cell-duplicate = the file gives this cell twice, so which figure is meant cannot be told; the last one was read
merge-total-too_large = the total of "{ $indicator }" is too large to be added exactly, so no total is given; check the figures
merge-check-needs = "{ $indicator }" is { $value } but "{ $other }" (cell { $other_cell }) is 0; check these two cells (the figures are still counted)
merge-check-at_most = "{ $indicator }" is { $value }, more than { $times } times "{ $other }" (cell { $other_cell }: { $other_value }, so at most { $limit }); check these two cells (the figures are still counted)

## Roll-up: a sub-federation's tổng hợp sent as its return.

merge-rollup-not_tonghop = this JSON file is not a tổng hợp written by vanban (tong-hop.json); the returns folder takes spreadsheets and sub-federations' tổng hợp only
merge-rollup-newer_version = the tổng hợp has shape version { $version }, newer than this tool reads ({ $known }); update vanban
merge-rollup-too_large = the tổng hợp holds more than { $limit } values, over the limit
merge-rollup-json = the tổng hợp JSON is damaged and cannot be read ({ $problem ->
        [encoding] the file is not saved as UTF-8
        [eof] the file ends halfway
        [data] its content is not shaped as a tổng hợp
       *[other] a JSON syntax error
    }{ $line ->
        [0] {""}
       *[other] , line { $line }, column { $column }
    }); ask the unit to send again the tong-hop.json vanban wrote, not edited by hand
merge-rollup-total_mismatch = the total of "{ $indicator }" says { $stated }, but its unit rows add up to { $added }: the tổng hợp was edited after its merge; ask the unit to merge again and send the file again, not to edit it by hand
merge-rollup-layout = the "Chi tiết" table does not match the "Tổng hợp" table: this cell should head the column of "{ $indicator }" (`{ $indicator_code }`); ask the unit to send the tong-hop.xlsx vanban wrote
merge-rollup-cell = this cell holds what vanban never writes in { $what ->
    [total] a total's cell (a number)
   *[other] a status cell (Đã nộp, Nộp muộn, Biểu trống, Bị trả lại or Chưa nộp)
}: the tổng hợp was edited by hand; ask the unit to send the file vanban wrote
merge-rollup-sender_unknown = cannot tell which unit sent this tổng hợp: the body it names ("{ $issuer }") is no name on the roster, and the file's name holds no unit code; name the file by the unit's code (`H01.xlsx`) or make the roster's name match

## The receive step (`vanban nhan`).

receive-refused = `{ $file }` was not copied into the returns: its reasons are listed above.

## A zip package refused (a template, a return, mail-merge rows).

package-not_zip = the file is not a readable Office file (.docx, .xlsx): a renamed file, a web page, or an unfinished download?
package-too_many_entries = the file has { $count } parts, more than the limit of { $limit }
package-unpacks_too_large = `{ $name }` unpacks to more than { $limit } bytes
package-ratio = `{ $name }` is compressed { $ratio }:1, more than the limit of { $limit }:1 (this is how zip bombs look)
package-unsafe_name = the file holds a part with an unsafe name `{ $name }`; not opened
package-encrypted = the file is protected by a password (`{ $name }` is encrypted); save it without a password
package-missing_part = the file has no `{ $name }` part
package-corrupt = `{ $name }` cannot be unpacked; the file is damaged

# issue 13 (van-ban): the document source and the extended outline
outline-table_not_closed = a table opened with `[BẢNG]` is never closed; add a `[/BẢNG]` line after its last row
outline-table_not_open = `[/BẢNG]` closes no table; add `[BẢNG]` before the table's first row, or delete this line
outline-sub_item_without_item = `{ $token }` is a sub-item but no item (`1.`) is above it; add the item, or write `1.`
van_ban-no_separator = no `---` line separates the header (the `key: value` lines) from the body; add a line holding only `---` before the body
van_ban-not_key_value = `{ $text }` is not `key: value`; write the key, a colon, then the value (e.g. `so: 12`), or move the line below the `---` line if it is body text
van_ban-unknown_key = unknown key `{ $key }`{ $nearest ->
        [none] {""}
       *[other] ; did you mean `{ $nearest }`?
    } The keys are: loai, ten_loai, co_quan_cap_tren, co_quan, so, ky_hieu, ngay, nam, dia_danh, trich_yeu, ghi_chu, du_thao, kinh_gui, tham_quyen, noi_nhan, ky, nguoi_ky, mau, cua
van_ban-duplicate_key = `{ $key }` is already given on line { $first }; keep one line and delete the other
van_ban-not_a_list = a line starting with `-` belongs under a list key (`kinh_gui:` or `noi_nhan:` with nothing after the colon){ $key ->
        [none] {""}
       *[other] , not under `{ $key }`
    }
van_ban-bad_value = `{ $key }`: `{ $value }` is not valid; { $expected ->
        [date] write the date as day/month/year, e.g. `27/7/2017`, or leave it empty (a draft) and give `nam:`
        [type] write a document type, e.g. `cong-van`, `quyet-dinh`, `ke-hoach`, `bao-cao`, `thong-bao`, `to-trinh`, `giay-moi`, `bien-ban`, `chi-thi`, `huong-dan`, `nghi-quyet`, `chuong-trinh`, `khac`
        [yes_no] write `có` or `không`
        [year] write the year with four digits, e.g. `2017`
       *[level_count] a document has at most two superior bodies; remove one `co_quan_cap_tren` line
    }
van_ban-missing_key = no `{ $key }:` line gives the document type; add one at the top, e.g. `loai: cong-van` (the types: cong-van, quyet-dinh, ke-hoach, bao-cao, thong-bao, to-trinh, giay-moi, bien-ban, chi-thi, huong-dan, nghi-quyet, chuong-trinh, khac)
van_ban-signer_without_block = a `nguoi_ky` line must follow a `ky:` line (the authority and title of the signer); add a `ky:` line above it
campaign-no_report = the campaign file has no `report` block (number, date, summary and body file of the result report); add it to campaign.json as in the sample campaign (`vanban init`) and run again
campaign-no_reporting = the campaign file has no `reporting` block (period, deadline, roster, indicators), so there are no forms, returns or merge; add it to campaign.json as in the sample campaign (`vanban init`)

# issue 15 (engine)
template-cell_tag_outside_cell = `{ $tag }` acts on the table cell it stands in, but it stands outside a table: move it into a cell, or remove it
template-cell_colour = cannot fill `{ $tag }`: `{ $value }` is not a colour; a cell's shading is six hexadecimal digits (C00000) or auto
template-rich_text = cannot fill this tag: { $at ->
        [none] the rich text value
       *[other] `{ $at }` in the rich text value
    } should be { $expected ->
        [runs] text, a run object or a list of them
        [paragraphs] text, a paragraph object or a list of them
        [boolean] true or false
        [size] a size in points
        [color] a colour as six hexadecimal digits (C00000)
        [text] text
        [underline] true, false or a Word underline (single, double, …)
        [highlight] a Word highlight colour (yellow, green, …)
        [align] left, center, right or both
        [image] a PNG, JPEG or GIF picture as base64 (or a data: URL, or a file path in the data file)
        [length] a length such as 3cm, 25mm, 120px, 1in or 72pt
        [subdoc] a Word file (.docx) that opens within the limits a template is held to, as a path beside the data file or as base64
       *[key] one of text, bold, italic, underline, strike, color, size, font, highlight, superscript, subscript, style, url, image, width, height, description (and for a paragraph: runs, align, or subdoc alone)
    }
