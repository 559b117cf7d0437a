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
