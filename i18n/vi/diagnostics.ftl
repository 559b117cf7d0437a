## Thông báo theo mã (Messages by code).
##
## One message per code of the library (`vanban::diagnostic::all_codes()`); the key is
## the code with its dots written as dashes (`file.not_found` → `file-not_found`).
## Every message gets `$file` (the file of the location, as the user typed it) besides
## the library's own arguments. The argument `reason` is the system's own words: it is
## shown on its own line ("nguyên nhân: …"), never inside a message.
## Words follow docs/thuat-ngu.md. A message starts in lower case (it follows "lỗi: "),
## says what is wrong, then what to do ("Vui lòng …").

file-not_found = không tìm thấy tệp `{ $file }`. Vui lòng kiểm tra lại tên tệp và thư mục.
file-not_utf8 = chưa đọc được tệp `{ $file }` vì tệp không được lưu theo mã UTF-8. Vui lòng mở tệp bằng Notepad, chọn Lưu thành (Save As), chọn mã hóa (Encoding) UTF-8 rồi lưu lại.
file-unreadable = chưa đọc được tệp `{ $file }`. Nếu tệp đang mở trong Excel hoặc Word, vui lòng đóng tệp rồi chạy lại lệnh.
file-unwritable = chưa ghi được tệp `{ $file }`. Nếu tệp đang mở trong Excel hoặc Word, vui lòng đóng tệp rồi chạy lại lệnh.
output-kept = tệp `{ $file }` đã được sửa sau khi vanban tạo ra; bản đã sửa được giữ lại với tên `{ $kept }`, tệp mới được ghi vào chỗ cũ.

## Các bước của đợt báo cáo.

campaign-not_a_folder = `{ $file }` không phải là thư mục của đợt báo cáo (thư mục có tệp campaign.json). Vui lòng kiểm tra lại đường dẫn.
campaign-json-missing_comma = thiếu dấu phẩy ở cuối dòng này: giữa hai trường (hoặc hai mục của danh sách) phải có dấu phẩy `,`
campaign-json-trailing_comma = thừa dấu phẩy trước dấu đóng `{"}"}` hoặc `]`; vui lòng xóa dấu phẩy cuối cùng
campaign-json-unexpected_end = tệp kết thúc khi còn thiếu dấu đóng `{"}"}` hoặc `]`; vui lòng kiểm tra các cặp ngoặc
campaign-json-unquoted_key = tên trường phải đặt trong ngoặc kép, ví dụ `"name": "…"`
campaign-json-expected_value = thiếu giá trị, hoặc giá trị chữ chưa đặt trong ngoặc kép (ví dụ `"name": "Công đoàn A"`)
campaign-json-syntax = tệp cài đặt của đợt viết chưa đúng cú pháp JSON
campaign-field-missing = thiếu trường `{ $field }`; vui lòng thêm trường này
campaign-field-unknown = không có trường `{ $field }` ở đây{ $closest ->
        [none] {""}
       *[other] ; có phải là `{ $closest }`?
    }
campaign-field-unknown_value = `{ $value }` không phải giá trị dùng được ở đây; chọn một trong: { $allowed }
campaign-field-date = `{ $text }` không phải ngày tháng; viết ngày theo kiểu 27/7/2017 hoặc 2017-07-27
campaign-field-type = trường này đang là { $found ->
        [text] chữ
        [number] một số
        [whole_number] một số nguyên
        [boolean] giá trị đúng/sai
        [null] null (trống)
        [group] một nhóm {"{"} … {"}"}
        [list] một danh sách [ … ]
       *[other] một giá trị khác
    } nhưng cần { $expected ->
        [text] chữ đặt trong ngoặc kép
        [number] một số
        [whole_number] một số nguyên
        [boolean] true hoặc false
        [null] null
        [group] một nhóm {"{"} … {"}"}
        [list] một danh sách [ … ]
       *[other] giá trị kiểu khác
    }
campaign-unit-empty_code = mã đơn vị đang để trống; mỗi đơn vị cần một mã riêng (ví dụ `CD01`)
campaign-unit-duplicate_code = mã `{ $code }` đã dùng cho một đơn vị khác; mỗi đơn vị cần một mã riêng
campaign-indicator-bad_code = mã chỉ tiêu `{ $code }` chỉ được gồm chữ a-z không dấu, chữ số và `_`, bắt đầu bằng chữ (ví dụ `luot_nguoi`)
campaign-indicator-duplicate_code = mã `{ $code }` đã dùng cho một chỉ tiêu khác
campaign-period-order = ngày bắt đầu { $from } sau ngày kết thúc { $to } (`reporting.period_to`)
campaign-check-unknown_indicator = `{ $code }` không phải mã của chỉ tiêu nào (xem `reporting.indicators`)
campaign-check-text_indicator = `{ $code }` là chỉ tiêu dạng chữ; phép đối chiếu chỉ so các số liệu
campaign-check-itself = phép đối chiếu so chỉ tiêu `{ $code }` với chính nó
campaign-check-times = hệ số `times` là { $times }, phải là một số lớn hơn 0
outline-not_point_letter = `{ $token }` không phải chữ cái đánh điểm: các điểm đánh theo bảng chữ cái tiếng Việt (a, b, c, d, đ, e, g, h, …, không có f, j, w, z) và được đánh lại thứ tự, nên hãy viết `a)`
outline-lookalike = `{ $token }` trông như số thứ tự của { $level ->
        [section] mục (I, II, …)
        [item] khoản (1, 2, …)
       *[point] điểm (a, b, …)
    } nhưng viết chưa đúng kiểu; hãy viết `{ $write }`
outline-too_many_points = có hơn { $max } điểm trong một khoản; hãy tách khoản này ra
outline-plus_without_dash = dòng `+` phải nằm dưới một dòng `-` của cùng khoản (hãy viết `-`, hoặc thêm một dòng `-` ở trên)
outline-empty = sau `{ $label }` chưa có nội dung
template-failed = chưa tạo được văn bản từ tệp mẫu: { $detail }
template-warning = tệp mẫu cần xem lại: { $detail }
template-data_not_object = dữ liệu phải là một đối tượng JSON {"{"} "tên": giá trị, … {"}"}, nhưng đây là { $found ->
        [array] một danh sách (muốn mỗi mục thành một văn bản, dùng --each)
        [string] một chuỗi chữ
        [number] một số
        [boolean] giá trị đúng/sai
       *[other] null
    }
template-syntax = thẻ viết sai cú pháp
template-nested_too_deep = các khối lồng nhau quá { $max } tầng; hãy đóng bớt khối
template-not_inside_if = `{ $tag }` không nằm trong một khối `{"{"}% if %{"}"}`
template-wrong_close = `{ $tag }` đóng một khối khác với khối đang mở `{ $open }`; hãy đóng khối đó trước
template-never_opened = `{ $tag }` đóng một khối chưa từng được mở
template-never_closed = `{ $tag }` chưa được đóng; hãy thêm `{ $close }` ở chỗ khối kết thúc
template-missing_variable = dữ liệu không có `{ $name }`
template-missing_field = dữ liệu không có trường `{ $field }`
template-missing_list = dữ liệu không có danh sách `{ $name }` mà vòng lặp cần
template-cannot_render = chưa điền được thẻ này
template-problem = tệp mẫu có chỗ chưa đúng: { $detail }
template-empty_value = dữ liệu không có `{ $name }` nên chỗ này để trống
template-not_word = tệp này không phải văn bản Word .docx (không có phần `word/document.xml`); có phải là tệp .doc hay .xlsx đổi tên? Hãy mở bằng Word và lưu thành .docx
template-xml = phần { $part } (`{ $entry }`) của tệp mẫu bị hỏng, không đọc được
template-too_deep = phần { $part } (`{ $entry }`) lồng nhau quá { $max } tầng
template-output_too_large = phần { $part } lớn quá { $limit } byte khi điền dữ liệu (vòng lặp trên quá nhiều dữ liệu?)
# issue 16 (hardening)
template-memory = điền dữ liệu vào tệp mẫu này cần hơn { $limit } MB bộ nhớ nên đã dừng lại, không ghi tệp nào (tệp mẫu có thể cố ý làm đầy bộ nhớ, ví dụ nhân đôi một chuỗi nhiều lần)
campaign-memory = soạn { $document ->
        [plan] kế hoạch
       *[report] báo cáo
    } từ tệp mẫu (`templates/`) và dàn ý (tệp `body` trong campaign.json) của đợt cần hơn { $limit } MB bộ nhớ nên đã dừng lại, không ghi tệp nào (tệp mẫu hoặc dàn ý có thể cố ý làm đầy bộ nhớ)
output-is_input = không ghi vào tệp `{ $file }` vì đó là một tệp đầu vào. Vui lòng chọn tên tệp kết quả khác.
forms-no_units = danh sách đơn vị của đợt (`reporting.units`) đang trống. Vui lòng thêm các đơn vị vào tệp cài đặt của đợt.
forms-build = chưa tạo được biểu mẫu của đơn vị `{ $unit }`.
merge-no_returns = thư mục `{ $file }` chưa có biểu nào. Vui lòng nhận các tệp Excel các đơn vị đã nộp (.xlsx, .xls, .ods) vào đó bằng lệnh `vanban nhan`, hoặc chép thẳng vào thư mục đó, rồi tổng hợp lại.
merge-xlsx = chưa ghi được tệp tổng hợp.
merge-json = chưa ghi được số liệu tổng hợp.
merge-file-rejected = biểu `{ $file }` bị trả lại; lý do được ghi ở trên và trong tệp tổng hợp.
report-not_merged = chưa có tệp `{ $file }`: báo cáo được lập từ số liệu tổng hợp. Vui lòng tổng hợp trước.
report-merge_stale = tệp `{ $file }` không còn khớp với các biểu hiện có{ $added_count ->
        [0] {""}
       *[other] ; biểu mới nộp sau lần tổng hợp: { $added }
    }{ $removed_count ->
        [0] {""}
       *[other] ; biểu đã bị xóa: { $removed }
    }{ $changed_count ->
        [0] {""}
       *[other] ; biểu đã thay đổi sau lần tổng hợp: { $changed }
    }. Vui lòng tổng hợp lại.
report-pair_mismatch = tệp `{ $file }` không cùng một lần tổng hợp với `{ $json }` (lần tổng hợp trước có thể đã bị ngắt giữa chừng), nên bảng tổng hợp không khớp với số liệu dùng cho báo cáo. Vui lòng tổng hợp lại.
report-merged_file = tệp tổng hợp chưa đúng: { $detail }
report-other_campaign = số liệu tổng hợp thuộc đợt báo cáo `{ $found }`, không phải `{ $expected }` (campaign.json › campaign.id).
report-strict = chưa lập báo cáo (--strict) vì khi tổng hợp có { $count } lỗi; { $more ->
        [0] các lỗi in ở dưới
       *[other] { $shown } lỗi đầu in ở dưới
    }, đủ cả ở trang tính "Lỗi và cảnh báo" của tong-hop.xlsx. Sửa các biểu rồi tổng hợp lại, hoặc lập báo cáo không có --strict
report-inconsistent = số liệu không khớp: { $problems }
mail_merge-not_object = dòng dữ liệu này không phải một đối tượng JSON ({ $kind ->
        [null] là null
        [boolean] là giá trị đúng/sai
        [number] là một số
        [string] là một chuỗi chữ
       *[array] là một danh sách
    }); mỗi mục phải có dạng {"{"}"tên trường": giá trị, …{"}"}
mail_merge-cell_error = ô của trường "{ $field }" đang báo lỗi { $error }; vui lòng sửa công thức trong bảng tính rồi chạy lại
mail_merge-cell_date = ô của trường "{ $field }" có ngày tháng không hợp lệ ({ $value })
mail_merge-name = chưa đặt được tên tệp theo mẫu --name
mail_merge-name_empty = tên tệp `{ $name }` trống sau khi bỏ các ký tự không dùng được.
mail_merge-exists = tệp `{ $file }` đã có; không ghi đè (dùng --overwrite để ghi đè).
demo-returns = chưa tạo được các biểu mẫu của bản chạy thử.

## Tổng hợp các biểu đã nộp.

merge-file-empty = tệp trống
merge-file-word_document = đây là tệp Word, không phải tệp Excel
merge-file-web_page = đây là trang web (HTML/XML) được lưu với tên của tệp Excel; vui lòng mở tệp bằng Excel rồi lưu thành .xlsx
merge-file-zip_not_spreadsheet = đây là tệp nén, không phải tệp Excel
merge-file-not_a_spreadsheet = tệp không phải là tệp Excel (không nhận ra nội dung)
merge-file-password = tệp đã được đặt mật khẩu; vui lòng bỏ mật khẩu rồi nộp lại
merge-file-declared_size = { $details }; tệp bị hỏng hoặc bị làm giả nên không được mở
merge-file-too_many_cells = trang tính `{ $sheet }` có hơn { $limit } ô (giới hạn số ô của một trang tính)
# issue 16 (hardening)
merge-file-too_deep = trang tính `{ $sheet }` có XML lồng nhau quá { $limit } tầng (tệp hỏng hoặc cố ý tạo ra); tệp không được đọc
merge-file-damaged = tệp bị hỏng, không đọc được ({ $problem ->
        [cut] tệp không còn nguyên vẹn, có thể do tải về hoặc chép chưa hết
        [packed] dữ liệu nén bên trong tệp bị hư
       *[other] { $details }
    }); vui lòng đề nghị đơn vị gửi lại tệp
merge-file-reader_crashed = chương trình đọc dừng lại ở tệp này ({ $details }); có thể tệp bị hỏng hoặc bị làm giả
merge-file-not_finished = lỗi của chương trình: chưa đọc xong tệp này
merge-file-superseded = đơn vị `{ $unit }` đã nộp một biểu khác, `{ $used }`, điền sau; dùng biểu đó
merge-file-late = nộp quá hạn: điền ngày { $filled }, hạn nộp { $deadline }
merge-form-other_campaign = đây là biểu của đợt báo cáo `{ $found }`, không phải của `{ $expected }`
merge-form-newer_version = biểu mẫu là phiên bản { $version }, mới hơn phiên bản chương trình biết ({ $known })
merge-form-layout_changed = bố cục của biểu đã bị sửa (thêm, bớt dòng hoặc sửa tên chỉ tiêu); số liệu được tìm theo tên chỉ tiêu
merge-unit-not_on_roster = đơn vị `{ $unit }` không có trong danh sách đơn vị
merge-unit-several = tệp ghi nhiều đơn vị ({ $units }); mỗi đơn vị vui lòng nộp một tệp riêng
merge-unit-unknown = không xác định được đơn vị nộp tệp này: tệp không phải biểu mẫu của vanban, không ô nào ghi mã hay tên một đơn vị trong danh sách{ $labels ->
        [0] {""}
       *[other] {" "}(bên cạnh ô "Mã đơn vị" ở { $label_at } là "{ $label_next }", không phải mã đơn vị)
    }, tên tệp cũng không có mã đơn vị
merge-unit-by_file_name = đơn vị `{ $unit }` chỉ được nhận ra qua tên tệp; vui lòng kiểm tra đúng đơn vị
merge-unit-duplicate = đơn vị `{ $unit }` đã nộp nhiều tệp: { $files }; dùng tệp `{ $used }`
merge-table-not_found = không tìm thấy chỉ tiêu nào của đợt báo cáo trong các trang tính (thiếu tên các chỉ tiêu của bảng)
merge-sheet-hidden = số liệu được đọc từ một trang tính bị ẩn
merge-indicator-not_found = không tìm thấy chỉ tiêu "{ $indicator }" (`{ $indicator_code }`) trong bảng
merge-label-legacy_encoding = tên chỉ tiêu gõ bằng bảng mã { $encoding }, đọc thành "{ $label }"
merge-value-legacy_encoding = chữ gõ bằng bảng mã { $encoding }, đã chuyển sang Unicode
merge-value-empty = chưa có số liệu cho chỉ tiêu "{ $indicator }"
merge-value-number_as_text = số được gõ dạng chữ "{ $text }", đọc thành { $value }
merge-value-number_as_text_ambiguous = số được gõ dạng chữ "{ $text }", đọc thành { $value } (đọc theo cách viết Việt Nam: dấu `.` ngăn cách hàng nghìn)
merge-value-not_a_number = chỉ tiêu "{ $indicator }": "{ $value }" không phải là số; không được tính
merge-value-boolean = chỉ tiêu "{ $indicator }": { $value } không phải là số; không được tính
merge-value-date = chỉ tiêu "{ $indicator }": ô chứa ngày tháng (ô định dạng kiểu ngày), không phải số; không được tính
merge-value-error_cell = chỉ tiêu "{ $indicator }": ô báo lỗi { $error }; không được tính
merge-value-uncalculated = chỉ tiêu "{ $indicator }": công thức `={ $formula }` chưa được tính (không có kết quả lưu sẵn); vui lòng mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nộp lại; không được tính
merge-value-not_finite = chỉ tiêu "{ $indicator }": giá trị không phải là số hữu hạn; không được tính
merge-value-negative = chỉ tiêu "{ $indicator }": { $value } là số âm; không được tính
merge-value-not_whole = chỉ tiêu "{ $indicator }": { $value } không phải là số nguyên ({ $unit } phải là số nguyên); không được tính
merge-value-fraction_of_dong = chỉ tiêu "{ $indicator }": { $value } có phần lẻ của đồng; không được tính
merge-file-blank = biểu trống (chưa điền số liệu nào): đơn vị `{ $unit }` được tính là chưa nộp
merge-file-no_figures = không nhận là báo cáo của đơn vị `{ $unit }`: tệp không phải biểu mẫu của vanban và không tìm thấy số liệu nào ở các chỉ tiêu (chỉ có tên đơn vị: { $matched })
merge-value-out_of_range = chỉ tiêu "{ $indicator }": { $value } là con số không hợp lý (chỉ tiêu này phải nhỏ hơn { $limit }; nếu đúng là lớn hơn, đặt `max` cho chỉ tiêu trong campaign.json); không được tính
merge-value-too_long = chỉ tiêu "{ $indicator }": nội dung dài { $length } ký tự, quá sức chứa của một ô ({ $limit }); không được tính
merge-cell-duplicate = tệp ghi ô này hai lần nên không biết số liệu nào là đúng; đã đọc lần ghi sau cùng
merge-total-too_large = tổng của chỉ tiêu "{ $indicator }" quá lớn để cộng chính xác nên không ghi tổng; vui lòng kiểm tra lại số liệu
merge-check-needs = chỉ tiêu "{ $indicator }" có số liệu ({ $value }) nhưng chỉ tiêu "{ $other }" (ô { $other_cell }) bằng 0; vui lòng kiểm tra lại hai ô này (số liệu vẫn được tính)
merge-check-at_most = chỉ tiêu "{ $indicator }" là { $value }, lớn hơn { $times } lần chỉ tiêu "{ $other }" (ô { $other_cell }: { $other_value }, tức tối đa { $limit }); vui lòng kiểm tra lại hai ô này (số liệu vẫn được tính)

## Tổng hợp từ cấp dưới: bản tổng hợp của một LĐLĐ cấp dưới nộp thay biểu.

merge-rollup-not_tonghop = tệp JSON này không phải bản tổng hợp do vanban lập (tong-hop.json); ở thư mục biểu đã nộp chỉ nhận bảng tính và bản tổng hợp của đơn vị cấp dưới
merge-rollup-newer_version = bản tổng hợp có dạng phiên bản { $version }, mới hơn phiên bản chương trình đọc được ({ $known }); vui lòng cập nhật vanban
merge-rollup-too_large = bản tổng hợp có hơn { $limit } giá trị, vượt giới hạn cho phép
merge-rollup-json = bản tổng hợp JSON bị hỏng, không đọc được ({ $problem ->
        [encoding] tệp không được lưu bằng mã UTF-8
        [eof] tệp bị cắt cụt giữa chừng
        [data] nội dung không đúng dạng bản tổng hợp
       *[other] sai cú pháp JSON
    }{ $line ->
        [0] {""}
       *[other] , dòng { $line }, cột { $column }
    }); vui lòng đề nghị đơn vị gửi lại đúng tệp tong-hop.json do vanban lập, không sửa tay
merge-rollup-total_mismatch = tổng số chỉ tiêu "{ $indicator }" ghi là { $stated }, nhưng cộng các dòng đơn vị được { $added }: bản tổng hợp đã bị sửa sau khi tổng hợp; vui lòng đề nghị đơn vị tổng hợp lại và gửi lại tệp, không sửa tay
merge-rollup-layout = bảng "Chi tiết" không khớp bảng "Tổng hợp": ở ô này phải là cột chỉ tiêu "{ $indicator }" (`{ $indicator_code }`); vui lòng đề nghị đơn vị gửi lại đúng tệp tong-hop.xlsx do vanban lập
merge-rollup-cell = ô này ghi nội dung mà vanban không bao giờ ghi vào { $what ->
    [total] ô tổng số (phải là một số)
   *[other] ô tình trạng (Đã nộp, Nộp muộn, Biểu trống, Bị trả lại hoặc Chưa nộp)
}: bản tổng hợp đã bị sửa tay; vui lòng đề nghị đơn vị gửi lại tệp do vanban lập
merge-rollup-sender_unknown = không xác định được đơn vị gửi bản tổng hợp này: tên đơn vị trong tệp ("{ $issuer }") không trùng tên nào trong danh sách đơn vị, và tên tệp không chứa mã đơn vị; vui lòng đặt tên tệp theo mã đơn vị (ví dụ `H01.xlsx`) hoặc sửa tên đơn vị trong danh sách cho trùng

## Bước nhận biểu (`vanban nhan`).

receive-refused = tệp `{ $file }` chưa được chép vào thư mục biểu đã nộp; lý do được ghi ở trên.

## A zip package refused (a template, a return, mail-merge rows).

package-not_zip = tệp không phải tệp Office (.docx, .xlsx) đọc được: có thể là tệp đổi tên, trang web, hoặc tải về chưa hết
package-too_many_entries = tệp có { $count } phần, nhiều hơn giới hạn { $limit }
package-unpacks_too_large = phần `{ $name }` giải nén ra hơn { $limit } byte
package-ratio = phần `{ $name }` bị nén { $ratio }:1, quá giới hạn { $limit }:1 (tệp nén kiểu "bom zip")
package-unsafe_name = tệp có phần mang tên không an toàn `{ $name }`; không mở
package-encrypted = tệp có mật khẩu (`{ $name }` bị mã hóa); hãy lưu lại không đặt mật khẩu
package-missing_part = tệp thiếu phần `{ $name }`
package-corrupt = không giải nén được phần `{ $name }`; tệp bị hỏng

# issue 13 (van-ban): the document source and the extended outline
outline-table_not_closed = bảng mở bằng `[BẢNG]` chưa được đóng; hãy thêm một dòng `[/BẢNG]` sau dòng cuối của bảng
outline-table_not_open = dòng `[/BẢNG]` không đóng bảng nào; hãy thêm `[BẢNG]` trước dòng đầu của bảng, hoặc xoá dòng này
outline-sub_item_without_item = `{ $token }` là khoản con nhưng phía trên chưa có khoản (`1.`); hãy thêm khoản, hoặc viết `1.`
van_ban-no_separator = chưa có dòng `---` ngăn phần đầu (các dòng `khóa: giá trị`) với nội dung văn bản; hãy thêm một dòng chỉ có `---` trước nội dung
van_ban-not_key_value = dòng `{ $text }` không phải dạng `khóa: giá trị`; hãy viết tên khóa, dấu hai chấm, rồi giá trị (ví dụ `so: 12`), hoặc chuyển dòng này xuống dưới dòng `---` nếu là nội dung
van_ban-unknown_key = không có khóa `{ $key }`{ $nearest ->
        [none] {""}
       *[other] ; có phải ý là `{ $nearest }`?
    } Các khóa dùng được: loai, ten_loai, co_quan_cap_tren, co_quan, so, ky_hieu, ngay, nam, dia_danh, trich_yeu, ghi_chu, du_thao, kinh_gui, tham_quyen, noi_nhan, ky, nguoi_ky, mau, cua
van_ban-duplicate_key = khóa `{ $key }` đã có ở dòng { $first }; hãy giữ một dòng và xoá dòng kia
van_ban-not_a_list = dòng bắt đầu bằng `-` chỉ dùng dưới khóa danh sách (`kinh_gui:` hoặc `noi_nhan:` để trống sau dấu hai chấm){ $key ->
        [none] {""}
       *[other] , không dùng dưới `{ $key }`
    }
van_ban-bad_value = `{ $key }`: giá trị `{ $value }` không hợp lệ; { $expected ->
        [date] hãy ghi ngày dạng ngày/tháng/năm, ví dụ `27/7/2017`, hoặc để trống (văn bản dự thảo) và ghi `nam:`
        [type] hãy ghi loại văn bản, ví dụ `cong-van`, `quyet-dinh`, `ke-hoach`, `bao-cao`, `thong-bao`, `to-trinh`, `giay-moi`, `bien-ban`, `chi-thi`, `huong-dan`, `nghi-quyet`, `chuong-trinh`, `khac`
        [yes_no] hãy ghi `có` hoặc `không`
        [year] hãy ghi năm bằng bốn chữ số, ví dụ `2017`
       *[level_count] văn bản có nhiều nhất hai cấp cơ quan chủ quản; hãy bỏ bớt một dòng `co_quan_cap_tren`
    }
van_ban-missing_key = chưa có dòng `{ $key }:` cho biết loại văn bản; hãy thêm ở đầu tệp, ví dụ `loai: cong-van` (các loại: cong-van, quyet-dinh, ke-hoach, bao-cao, thong-bao, to-trinh, giay-moi, bien-ban, chi-thi, huong-dan, nghi-quyet, chuong-trinh, khac)
van_ban-signer_without_block = dòng `nguoi_ky` phải nằm dưới một dòng `ky:` (thẩm quyền và chức vụ người ký); hãy thêm dòng `ky:` ở trên
campaign-no_report = tệp đợt báo cáo chưa có mục `report` (số, ngày, trích yếu và tệp nội dung của báo cáo kết quả); hãy thêm mục này vào campaign.json như ở đợt mẫu (`vanban init`) rồi chạy lại
campaign-no_reporting = tệp đợt báo cáo chưa có mục `reporting` (thời gian, hạn nộp, danh sách đơn vị, chỉ tiêu) nên chưa làm được biểu mẫu, nhận biểu hay tổng hợp; hãy thêm mục này vào campaign.json như ở đợt mẫu (`vanban init`)

# issue 15 (engine)
template-cell_tag_outside_cell = thẻ `{ $tag }` tác động lên ô bảng chứa nó nhưng lại nằm ngoài bảng; hãy chuyển thẻ vào một ô, hoặc xóa thẻ đi
template-cell_colour = chưa điền được thẻ `{ $tag }`: `{ $value }` không phải là màu; màu nền của ô ghi bằng sáu chữ số hệ mười sáu (C00000) hoặc auto
template-rich_text = chưa điền được thẻ này: { $at ->
        [none] giá trị chữ định dạng
       *[other] `{ $at }` trong giá trị chữ định dạng
    } phải là { $expected ->
        [runs] một đoạn chữ, một đối tượng định dạng hoặc danh sách các đối tượng đó
        [paragraphs] một đoạn chữ, một đối tượng đoạn văn hoặc danh sách các đối tượng đó
        [boolean] true hoặc false
        [size] cỡ chữ tính bằng point
        [color] mã màu gồm sáu chữ số hệ mười sáu (C00000)
        [text] chữ
        [underline] true, false hoặc một kiểu gạch chân của Word (single, double, …)
        [highlight] một màu tô nền của Word (yellow, green, …)
        [align] left, center, right hoặc both
        [image] một ảnh PNG, JPEG hoặc GIF dạng base64 (hoặc URL data:, hoặc đường dẫn tệp trong tệp dữ liệu)
        [length] một độ dài như 3cm, 25mm, 120px, 1in hoặc 72pt
        [subdoc] một tệp Word (.docx) mở được trong các giới hạn áp cho tệp mẫu, ghi bằng đường dẫn cạnh tệp dữ liệu hoặc dạng base64
       *[key] một trong các khóa text, bold, italic, underline, strike, color, size, font, highlight, superscript, subscript, style, url, image, width, height, description (đoạn văn có thêm runs, align, hoặc riêng subdoc)
    }
