## Những chữ dùng chung khi in một thông báo (the words around every message):
## loại thông báo, vị trí, lưu ý. Words follow docs/thuat-ngu.md.

severity-error = lỗi
severity-warning = cảnh báo
severity-internal = lỗi của chương trình

# The line that says where, and the lines under a message.
label-location = vị trí
label-hint = lưu ý
label-reason = nguyên nhân

# A location, part by part, joined by " › ".
location-file = tệp `{ $file }`
location-template = tệp mẫu `{ $file }`
location-sheet = trang tính `{ $sheet }`
location-cell = ô { $cell }
location-line = dòng { $line }
location-line-column = dòng { $line }, cột { $column }
location-field = trường `{ $path }`
# One `[n]` of a field path, counted from 1 ($n) for a clerk.
location-item = { $list ->
    [top-level-item] mục thứ { $n }
    [units] đơn vị thứ { $n }
    [indicators] chỉ tiêu thứ { $n }
   *[other] mục thứ { $n } của `{ $list }`
}
# A part of a Word document as the engine names it (`body`, `header 1`).
location-part = { $kind ->
    [body] phần thân văn bản
    [header] đầu trang { $n }
    [footer] chân trang { $n }
    [footnotes] chú thích cuối trang
    [endnotes] chú thích cuối văn bản
   *[other] phần `{ $part }`
}
location-table-cell = bảng { $table }, dòng { $row }, ô { $cell }
location-paragraph = đoạn { $paragraph }
location-tag = thẻ `{ $tag }`

# Hints: what the user can do.
hint-raise-limit = nếu tệp là thật, nâng giới hạn { $what } bằng `{ $flag }`
hint-run-step = chạy lệnh `vanban { $command }`

# What each limit bounds (for hint-raise-limit).
limit-unpacked-size = dung lượng sau khi giải nén của một tệp
limit-zip-entries = số phần trong một tệp
limit-compression-ratio = tỷ lệ nén của một phần trong tệp
limit-xml-depth = số tầng lồng nhau của XML
limit-cells-per-sheet = số ô của một trang tính
limit-merge-rows = số dòng khi trộn thư
limit-output-size = dung lượng của một tệp được ghi ra
limit-data-values = số giá trị trong một tệp dữ liệu JSON
limit-loop-iterations = số vòng lặp trong một văn bản
# issue 16 (hardening)
limit-memory = bộ nhớ dùng khi điền mẫu

# VANBAN_LANG names a language the tool does not have.
lang-env-unknown = VANBAN_LANG={ $value } không phải ngôn ngữ có sẵn (vi, en), nên dùng tiếng Việt

## Những gì `vanban merge` (và bản chạy thử) in ra sau khi tổng hợp.

merge-summary = đã đọc { $files } tệp: { $accepted } biểu hợp lệ ({ $with_warnings } biểu cần xem lại), { $rejected } biểu bị trả lại; { $missing }/{ $units } đơn vị chưa nộp{ $blank ->
        [0] {""}
       *[other] {" "}({ $blank } đơn vị gửi lại biểu trống)
    }
merge-listed = { $errors } lỗi và { $warnings } cảnh báo được liệt kê ở trang tính "Lỗi và cảnh báo"
merge-not-reported = chưa nộp: { $units }
merge-wrote = đã ghi { $xlsx } và { $json }

## Những gì `vanban nhan` in ra, và `vanban merge` khi được cho tên tệp.

merge-files-given = `vanban merge` luôn đọc mọi tệp trong thư mục biểu đã nộp của đợt, không nhận tên tệp ({ $files }): vui lòng nhận biểu bằng `vanban nhan { $campaign } TỆP…` trước, rồi chạy `vanban merge { $campaign }`
receive-copied = đã nhận tệp `{ $file }` của đơn vị { $unit }: chép vào `{ $path }`
receive-already = tệp `{ $file }` của đơn vị { $unit } đã được nhận trước đó, là `{ $path }`: không chép lại
receive-skipped = bỏ qua `{ $file }` (không phải tệp Excel, là tệp khóa hoặc thư mục)
receive-next = bước tiếp theo: `vanban merge { $campaign }`

## Lời của bộ máy mẫu (Tera) ở dòng "nguyên nhân", nói lại bằng tiếng Việt.

engine-variable = dữ liệu không có tên `{ $name }`{ $available ->
    [none] {""}
   *[other] ; các tên có thể dùng: { $available }
}
engine-field = dữ liệu không có mục `{ $name }`{ $available ->
    [none] {""}
   *[other] ; các mục có thể dùng: { $available }
}
engine-filter = không có bộ lọc `{ $name }` (xem lại chính tả, ví dụ `vn_number`, `vn_date`)
engine-function = không có hàm `{ $name }`
engine-test = không có phép thử `{ $name }`
engine-end = văn bản đã hết mà thẻ vẫn chưa đóng: thiếu `{"}}"}`, `{"%}"}` hoặc thẻ kết thúc như `{"{% endif %}"}`, `{"{% endfor %}"}`
engine-found = gặp { $found } ở chỗ cần { $expected }
