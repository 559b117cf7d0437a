## Trợ giúp của các lệnh (the help of every command), read by src/i18n/help.rs.
## `cmd-NAME`: a command; `arg-NAME-ID`: an argument of one command; `arg-ID`: an
## argument several commands share; `heading-…`: clap's headings. Words follow
## docs/thuat-ngu.md. No full stop at the end, as clap's own texts.

heading-usage = Cách dùng
heading-arguments = Tham số
heading-options = Tùy chọn
heading-commands = Lệnh
heading-limits = Giới hạn (chỉ nâng khi tệp thật sự lớn)
help-default = mặc định: { $value }
help-values = giá trị: { $values }
usage-options = TÙY_CHỌN
usage-command = LỆNH
value-campaign = THƯ_MỤC_ĐỢT
value-files = TỆP
value-template = MẪU
value-data = DỮ_LIỆU
value-dir = THƯ_MỤC
value-each = DANH_SÁCH
value-json = TỆP.json
value-lang = NGÔN_NGỮ
value-max-cells = SỐ
value-max-data-values = SỐ
value-max-loop-iterations = SỐ
# issue 16 (hardening)
value-max-memory-mb = MB
value-max-output-mb = MB
value-max-ratio = SỐ
value-max-rows = SỐ
value-max-unpacked-mb = MB
value-max-xml-depth = SỐ
value-max-zip-entries = SỐ
value-name = MẪU_TÊN
value-merge-out = TỆP.xlsx
value-forms-out = THƯ_MỤC
value-demo-output = THƯ_MỤC
value-report-output = TỆP.docx
value-plan-output = TỆP.docx
value-render-output = KẾT_QUẢ

cmd-vanban = Soạn văn bản và theo dõi đợt báo cáo của Liên đoàn Lao động; điền dữ liệu vào mẫu Word
cmd-render = Điền dữ liệu JSON vào một tệp mẫu Word (thẻ Tera); với --each, mỗi dòng dữ liệu thành một văn bản (trộn thư)
cmd-check = Liệt kê các thẻ của tệp mẫu Word, báo lỗi cú pháp và, với --data, các biến dữ liệu còn thiếu
cmd-plan = Soạn kế hoạch (văn bản "Kế hoạch") của đợt báo cáo
cmd-forms = Tạo biểu mẫu (.xlsx) cho từng đơn vị trong danh sách
cmd-nhan = Nhận biểu đã nộp: chép từng tệp vào thư mục biểu đã nộp của đợt, đặt tên theo mã đơn vị (tên khác: receive)
cmd-merge = Đọc các biểu đã nộp, kiểm tra rồi tổng hợp số liệu
cmd-report = Soạn báo cáo kết quả ("Báo cáo kết quả") từ số liệu đã tổng hợp
cmd-demo = Chạy thử mọi bước trên đợt báo cáo mẫu có sẵn
cmd-init = Tạo thư mục cho một đợt báo cáo mới, chép từ đợt mẫu
cmd-help = In trợ giúp này, hoặc trợ giúp của lệnh được nêu

arg-help = In trợ giúp
arg-version = In số phiên bản
arg-lang = Ngôn ngữ của thông báo và trợ giúp, mặc định là tiếng Việt
arg-campaign = Thư mục của đợt báo cáo (thư mục chứa `campaign.json`)

arg-render-template = Tệp mẫu Word (.docx) có thẻ Tera
arg-render-data = Dữ liệu: một đối tượng JSON; với --each, các trường dùng chung cho mọi dòng (không bắt buộc)
arg-render-output = Văn bản sẽ ghi ra; với --each, thư mục để ghi các văn bản vào
arg-render-each = Trộn thư: mỗi dòng của tệp .xlsx này (trang tính đầu tiên, dòng đầu là tên các trường) hoặc của tệp .json này (một mảng các đối tượng) thành một văn bản
arg-render-name = Với --each: tên tệp của từng văn bản, một mẫu Tera theo các trường của dòng (mặc định: tên tệp mẫu và số thứ tự dòng)
arg-render-lenient = Biến mà dữ liệu không có thì để trống và cảnh báo, thay vì dừng lại
arg-render-overwrite = Khi trộn thư (--each): ghi đè văn bản đã có trong thư mục ra (mặc định, dòng có văn bản đã tồn tại bị bỏ qua để không mất gì)

arg-check-template = Tệp mẫu Word (.docx) có thẻ Tera
arg-check-data = Dữ liệu JSON để đối chiếu với các biến của tệp mẫu

arg-plan-output = Nơi ghi kế hoạch (mặc định: THƯ_MỤC_ĐỢT/out/ke-hoach.docx)

arg-forms-out = Thư mục ghi các biểu mẫu (mặc định `THƯ_MỤC_ĐỢT/out/bieu-mau/`)

arg-nhan-files = Các tệp đơn vị đã nộp (bảng tính; ở cấp trên, tệp tong-hop.xlsx hoặc tong-hop.json của đơn vị cấp dưới), hoặc thư mục chứa chúng
arg-merge-out = Tệp tổng hợp (mặc định `THƯ_MỤC_ĐỢT/out/tong-hop.xlsx`)
arg-merge-json = Số liệu tổng hợp dùng cho báo cáo (mặc định: cạnh tệp tổng hợp, đuôi `.json`)

arg-report-output = Nơi ghi báo cáo (mặc định: THƯ_MỤC_ĐỢT/out/bao-cao.docx)
arg-report-pdf = Ghi thêm bản PDF bên cạnh, qua LibreOffice (cần cài LibreOffice)
arg-report-strict = Không ghi báo cáo khi phần tổng hợp còn lỗi

arg-demo-output = Thư mục để ghi vào: thư mục mới, thư mục trống, hoặc thư mục của lần chạy thử trước

arg-init-dir = Thư mục sẽ tạo (chưa có, hoặc đang trống)

arg-max-unpacked-mb = Dung lượng lớn nhất mà một tệp (.docx, .xlsx, .ods) được giải nén ra, tính bằng MB [mặc định: 512]
arg-max-zip-entries = Số phần nhiều nhất trong một tệp [mặc định: 10000]
arg-max-ratio = Tỷ lệ nén lớn nhất của một phần trên 1 MB trong tệp [mặc định: 200]
arg-max-xml-depth = Số tầng lồng nhau nhiều nhất của XML [mặc định: 256]
arg-max-cells = Số ô nhiều nhất của một trang tính [mặc định: 5000000]
arg-max-rows = Số dòng nhiều nhất khi trộn thư [mặc định: 100000]
arg-max-output-mb = Dung lượng lớn nhất của văn bản ghi ra, tính bằng MB [mặc định: 256]
arg-max-data-values = Số giá trị (số, chữ, mục của danh sách) nhiều nhất trong một tệp dữ liệu JSON [mặc định: 2000000]
arg-max-loop-iterations = Số vòng lặp nhiều nhất mà tệp mẫu được chạy cho một văn bản [mặc định: 5000000]

# issue 13 (van-ban)
cmd-van-ban = Soạn một văn bản hành chính bất kỳ (công văn, quyết định, thông báo, giấy mời, tờ trình…) từ tệp nội dung; --mau tạo tệp nội dung mới
arg-van-ban-file = Tệp nội dung của văn bản (phần đầu `khóa: giá trị`, một dòng `---`, rồi nội dung)
arg-van-ban-output = Nơi ghi văn bản (mặc định: TỆP đổi đuôi thành .docx)
arg-van-ban-pdf = Ghi thêm bản PDF bên cạnh, qua LibreOffice (cần cài LibreOffice)
arg-van-ban-mau = Tạo tệp nội dung mới theo loại này (cong-van, quyet-dinh, ke-hoach, bao-cao, thong-bao, to-trinh, giay-moi, bien-ban, chi-thi, huong-dan, nghi-quyet, chuong-trinh…); không ghi đè tệp đã có
value-van-ban-output = TỆP.docx
value-van-ban-mau = LOẠI
value-file = TỆP
# issue 16 (hardening)
arg-max-memory-mb = Bộ nhớ nhiều nhất mà lệnh được dùng khi điền dữ liệu vào tệp mẫu, tính bằng MB [mặc định: 1024]

# issue 15 (engine)
arg-render-one-document = Khi trộn thư (--each): ghi mọi dòng vào một văn bản duy nhất là tệp -o, mỗi dòng bắt đầu một trang mới, thay vì mỗi dòng một văn bản
arg-render-pdf = Ghi thêm bản PDF bên cạnh mỗi văn bản, qua LibreOffice (cần cài sẵn)

# issue 14 (the web desk)
cmd-serve = Mở bàn làm việc của văn thư: một trang web trên máy này cho mọi đợt công tác trong một thư mục
arg-serve-folder = Thư mục chứa các đợt công tác (mặc định: thư mục hiện tại)
arg-serve-port = Cổng để mở trang
arg-serve-no-browser = Không tự mở trình duyệt
arg-serve-lan = Mở cho cả các máy khác trong mạng của cơ quan (trang của văn thư khi đó cần mật khẩu)
arg-serve-address = Mở trên địa chỉ này thay vì 127.0.0.1 (trang của văn thư khi đó cần mật khẩu)
value-serve-address = ĐỊA_CHỈ
value-serve-folder = THƯ_MỤC
value-serve-port = CỔNG
