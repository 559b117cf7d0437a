## Những dòng các lệnh in ra khi chạy (the lines the commands print as they run).
## Keys start with `say-`; a test checks that each is used by the code and that the
## code uses no `say-` key these files lack. Words follow docs/thuat-ngu.md.

say-interrupted = đã dừng theo yêu cầu, sau tệp cuối cùng được ghi trọn vẹn

## vanban plan, forms, init
say-plan-wrote = đã ghi { $file } (kế hoạch số { $symbol }, { $template ->
        [builtin] theo mẫu có sẵn
       *[other] theo tệp mẫu { $template }
    })
say-forms-wrote = đã ghi { $count } biểu mẫu vào { $folder }
say-init-created = đã tạo { $dir }: campaign.json, ke-hoach.txt, bao-cao.txt, returns/, templates/mau/
say-init-next = bước tiếp theo: sửa campaign.json (cơ quan ban hành, người ký, kế hoạch, danh sách đơn vị, chỉ tiêu) và ke-hoach.txt, rồi chạy `vanban plan { $dir }`
say-init-restyle = muốn đổi kiểu chữ, lề của kế hoạch: mở templates/mau/ke-hoach.docx bằng Word, sửa rồi lưu thành templates/ke-hoach.docx
say-init-exists = `{ $dir }` đã có và không phải thư mục trống; vui lòng chọn tên thư mục mới

## vanban merge
say-progress-files = tệp
say-merge-rejected = biểu bị trả lại: { $file }

## vanban report
say-report-wrote = đã ghi { $file } (báo cáo số { $symbol })
say-report-reporting = { $reported }/{ $units } đơn vị đã nộp báo cáo
say-report-list = { $kind ->
        [not_reported] chưa nộp
        [rejected] bị trả lại
       *[late] nộp muộn
    }: { $names }{ $more ->
        [0] {""}
       *[other] {" "}và { $more } đơn vị khác
    }
say-report-left-out = tổng "{ $indicator }" chưa kể số liệu không hợp lệ của: { $units } (báo cáo ghi rõ điều này)
say-report-problems = khi tổng hợp có { $errors } lỗi và { $warnings } cảnh báo:
say-report-more = … và { $more } mục khác (đủ cả ở out/tong-hop.xlsx, trang tính "Lỗi và cảnh báo")
say-pdf-wrote = đã ghi { $file }
# issue 16 (hardening)
say-pdf-removed = đã xóa { $file }: tệp PDF này làm từ một báo cáo cũ, không khớp với báo cáo mới (chạy lại với --pdf để có tệp PDF mới)
say-pdf-no-libreoffice = đã ghi báo cáo vào `{ $file }` nhưng chưa có bản PDF vì máy chưa cài LibreOffice.
    {"  "}Windows: tải LibreOffice ở https://www.libreoffice.org/download/ rồi chạy lại lệnh;
    {"  "}Debian/Ubuntu: `sudo apt install libreoffice-writer`.
    {"  "}Hoặc mở tệp .docx bằng Word, chọn Tệp › Lưu thành › PDF.
say-pdf-failed = LibreOffice chưa chuyển được `{ $file }` sang PDF: { $reason }

## vanban demo
say-demo-title = vanban chạy thử: đợt báo cáo mẫu, trong thư mục { $dir }
say-demo-campaign = {"  "}đợt báo cáo   { $file }  (bản sao của đợt mẫu, cùng nội dung kế hoạch ke-hoach.txt và báo cáo bao-cao.txt)
say-demo-plan = {"  "}kế hoạch      { $file }
say-demo-forms = {"  "}biểu mẫu      { $folder }  ({ $count } biểu, mỗi đơn vị một biểu)
say-demo-returns = {"  "}biểu đã nộp   { $folder }  ({ $count } tệp, như các đơn vị gửi về)
say-demo-scenario = {"                "}{ $kind ->
        [late] nộp muộn
        [duplicate] nộp trùng
        [numbers_as_text] số gõ dạng chữ
        [tcvn3] trang tính gõ bằng bảng mã TCVN3
        [typo] gõ nhầm số
        [blank] gửi biểu trống
        [check] số liệu không khớp nhau
       *[missing] chưa nộp
    }: { $units }
say-demo-merge = {"  "}tổng hợp      { $xlsx }, { $json }
say-demo-report = {"  "}báo cáo       { $file }
say-demo-done = xong sau { $seconds } giây. Mở { $file } bằng Word. Sau khi sửa đợt báo cáo, làm lại từng bước: `vanban plan { $dir }`, `vanban merge { $dir }`, `vanban report { $dir } --pdf`.
say-demo-marker = Thư mục này do `vanban demo` tạo ra. Chạy lại `vanban demo` sẽ thay các thư mục out/ và returns/ ở đây.
say-demo-not-folder = `{ $dir }` đã có và không phải thư mục; vui lòng chọn thư mục khác bằng `-o THƯ_MỤC`
say-demo-not-empty = thư mục `{ $dir }` không trống và không do `vanban demo` tạo ra nên không ghi vào; vui lòng chọn thư mục khác bằng `-o THƯ_MỤC`
say-demo-cannot = chưa { $what ->
        [read] đọc được
        [clear] xóa được
       *[date] đặt được ngày sửa của
    } `{ $file }`: { $reason }

## vanban render
say-render-wrote = đã ghi { $written } văn bản vào { $dir }; { $rejected } dòng bị bỏ qua
say-render-wrote-one = đã ghi { $file }
say-render-name-needs-each = --name chỉ dùng được cùng --each (mỗi dòng một văn bản)
say-render-needs-data = cần tệp dữ liệu: `vanban render MẪU.docx DỮ_LIỆU.json -o KẾT_QUẢ.docx` (hoặc --each DANH_SÁCH để mỗi dòng một văn bản)
say-render-not-json = tệp `{ $file }` không phải JSON hợp lệ (dòng { $line }, cột { $column }); hãy kiểm tra dấu phẩy, ngoặc và ngoặc kép ở chỗ đó
say-render-output-is-folder = `{ $file }` là một thư mục: hãy cho -o một tên tệp, ví dụ `{ $example }`
say-render-each-output-is-file = với --each, -o là thư mục để ghi các văn bản, nhưng `{ $file }` là một tệp
say-render-shared-not-object = `{ $file }`: dữ liệu dùng chung phải là một đối tượng JSON {"{"} … {"}"}
say-render-rows = chưa đọc được danh sách `{ $file }`: { $reason }
say-progress-documents = văn bản

## vanban check
say-check-tags = { $file }: { $count } thẻ
say-check-tag = {"  "}{ $place } [{ $level ->
        [paragraph] khối đoạn
        [cell] khối ô
        [row] khối dòng
        [run] khối trong dòng chữ
       *[other] { $kind ->
            [value] giá trị
            [block] khối
           *[comment] chú thích
        }
    }] { $text }
say-check-missing-header = các biến tệp mẫu dùng mà `{ $file }` không có:
say-check-missing = {"  "}`{ $name }`{ $places ->
        [none] {""}
       *[other] {" "}(dùng ở { $places })
    }
say-check-summary = { $problems } lỗi, { $missing } biến còn thiếu
say-render-too-many-values = tệp dữ liệu `{ $file }` có hơn { $limit } giá trị

# issue 13 (van-ban)
say-van-ban-wrote = đã ghi { $file }{ $number ->
        [none] {""}
       *[other] {" "}({ $number })
    }
say-van-ban-unknown-type = không có loại văn bản `{ $type }`; các loại dùng được: { $known }
say-van-ban-exists = tệp `{ $file }` đã có; chương trình không ghi đè. Hãy chọn tên tệp khác
say-van-ban-started = đã tạo { $file } (loại { $type }): sửa các dòng trong tệp rồi chạy `vanban van-ban { $file }`

# issue 15 (engine)
say-render-wrote-together = đã ghi { $file }; { $rejected } dòng bị bỏ qua
say-render-one-document-needs-each = --one-document chỉ dùng được cùng --each (gộp mọi dòng vào một văn bản)
say-render-one-document-no-name = --name đặt tên cho từng văn bản của mỗi dòng; với --one-document, -o là tên của văn bản duy nhất
say-render-pdf-no-libreoffice = đã ghi văn bản vào `{ $file }` nhưng chưa có bản PDF vì máy chưa cài LibreOffice.
    {"  "}Windows: tải LibreOffice ở https://www.libreoffice.org/download/ rồi chạy lại lệnh;
    {"  "}Debian/Ubuntu: `sudo apt install libreoffice-writer`.
    {"  "}Hoặc mở tệp .docx bằng Word, chọn Tệp › Lưu thành › PDF.
say-render-picture-outside = ảnh `{ $image }` nằm ngoài thư mục của tệp dữ liệu (`{ $folder }`); chương trình chỉ đọc ảnh trong thư mục đó và các thư mục con. Hãy chép ảnh vào đó và ghi đường dẫn tương đối, ví dụ `anh/con-dau.png`
say-render-subdoc-outside = tệp Word `{ $subdoc }` nằm ngoài thư mục của tệp dữ liệu (`{ $folder }`); chương trình chỉ đọc tệp chèn vào trong thư mục đó và các thư mục con. Hãy chép tệp vào đó và ghi đường dẫn tương đối, ví dụ `phu-luc/danh-sach.docx`
