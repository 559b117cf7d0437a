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
campaign-field = tệp cài đặt của đợt chưa đúng: { $detail }
campaign-invalid = tệp cài đặt của đợt chưa đúng: { $detail }
plan-body = nội dung kế hoạch chưa đúng: { $detail }
outline-problem = đề cương chưa đúng: { $detail }
template-failed = chưa tạo được văn bản từ tệp mẫu: { $detail }
template-warning = tệp mẫu cần xem lại: { $detail }
output-is_input = không ghi vào tệp `{ $file }` vì đó là một tệp đầu vào. Vui lòng chọn tên tệp kết quả khác.
forms-no_units = danh sách đơn vị của đợt (`reporting.units`) đang trống. Vui lòng thêm các đơn vị vào tệp cài đặt của đợt.
forms-build = chưa tạo được biểu mẫu của đơn vị `{ $unit }`.
merge-no_returns = thư mục `{ $file }` chưa có biểu nào. Vui lòng chép các tệp Excel các đơn vị đã nộp (.xlsx, .xls, .ods) vào đó rồi tổng hợp lại.
merge-xlsx = chưa ghi được tệp tổng hợp.
merge-json = chưa ghi được số liệu tổng hợp.
merge-file-rejected = biểu `{ $file }` bị trả lại; lý do được ghi ở trên và trong tệp tổng hợp.
report-not_merged = chưa có tệp `{ $file }`: báo cáo được lập từ số liệu tổng hợp. Vui lòng tổng hợp trước.
report-merge_stale = tệp `{ $file }` cũ hơn { $newer }: có biểu nộp sau lần tổng hợp gần nhất. Vui lòng tổng hợp lại.
report-merged_file = tệp tổng hợp chưa đúng: { $detail }
report-other_campaign = số liệu tổng hợp thuộc đợt báo cáo `{ $found }`, không phải `{ $expected }` (campaign.json › campaign.id).
report-strict = chưa lập báo cáo (--strict) vì khi tổng hợp có { $count } lỗi: { $list }
report-inconsistent = số liệu không khớp: { $problems }
mail_merge-row = { $detail }
mail_merge-name = tên tệp chưa đúng: { $detail }
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
merge-file-refused = { $details }
merge-file-declared_size = { $details }; tệp bị hỏng hoặc bị làm giả nên không được mở
merge-file-too_many_cells = trang tính `{ $sheet }` có hơn { $limit } ô (giới hạn số ô của một trang tính)
merge-file-damaged = tệp bị hỏng, không đọc được ({ $details })
merge-file-reader_crashed = chương trình đọc dừng lại ở tệp này ({ $details }); có thể tệp bị hỏng hoặc bị làm giả
merge-file-not_finished = lỗi của chương trình: chưa đọc xong tệp này
merge-file-superseded = đơn vị `{ $unit }` đã nộp một biểu khác, `{ $used }`, điền sau; dùng biểu đó
merge-file-late = nộp quá hạn: điền ngày { $filled }, hạn nộp { $deadline }
merge-form-other_campaign = đây là biểu của đợt báo cáo `{ $found }`, không phải của `{ $expected }`
merge-form-newer_version = biểu mẫu là phiên bản { $version }, mới hơn phiên bản chương trình biết ({ $known })
merge-form-layout_changed = bố cục của biểu đã bị sửa (thêm, bớt dòng hoặc sửa tên chỉ tiêu); số liệu được tìm theo tên chỉ tiêu
merge-unit-not_on_roster = đơn vị `{ $unit }` không có trong danh sách đơn vị
merge-unit-several = tệp ghi nhiều đơn vị ({ $units }); mỗi đơn vị vui lòng nộp một tệp riêng
merge-unit-unknown = không xác định được đơn vị nộp tệp này (không có mã biểu của vanban, không có mã hay tên đơn vị trong các ô hoặc tên tệp)
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
