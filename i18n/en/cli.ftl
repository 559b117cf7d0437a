## The help of every command, read by src/i18n/help.rs.
## `cmd-NAME`: a command; `arg-NAME-ID`: an argument of one command; `arg-ID`: an
## argument several commands share; `heading-…`: clap's headings. No full stop at the
## end, as clap's own texts.

heading-usage = Usage
heading-arguments = Arguments
heading-options = Options
heading-commands = Commands
heading-limits = Limits (raise one only for a genuine huge file)
help-default = default: { $value }
help-values = possible values: { $values }
usage-options = OPTIONS
usage-command = COMMAND
value-campaign = CAMPAIGN
value-files = FILES
value-template = TEMPLATE
value-data = DATA
value-dir = DIR
value-each = ROWS
value-json = OUT.json
value-lang = LANG
value-max-cells = N
value-max-data-values = N
value-max-loop-iterations = N
# issue 16 (hardening)
value-max-memory-mb = MB
value-max-output-mb = MB
value-max-ratio = N
value-max-rows = N
value-max-unpacked-mb = MB
value-max-xml-depth = N
value-max-zip-entries = N
value-name = PATTERN
value-merge-out = OUT.xlsx
value-forms-out = DIR
value-demo-output = DIR
value-report-output = OUT.docx
value-plan-output = OUT.docx
value-render-output = OUTPUT

cmd-vanban = Official documents and reporting campaigns of a trade-union federation; fills Word templates with data
cmd-render = Fill a Word template (Tera tags) with JSON data; with --each, one document per row (mail merge)
cmd-check = List a template's tags, report syntax errors and, with --data, missing variables
cmd-plan = Write the official plan ("Kế hoạch") of a campaign
cmd-forms = Write one reporting form (.xlsx) per unit of the roster
cmd-nhan = Receive returned files: copy each into the campaign's returns folder under its unit's code (alias: receive)
cmd-merge = Read the returned spreadsheets, check them and add them up
cmd-report = Write the result report ("Báo cáo kết quả") from the merged figures
cmd-demo = Run the whole workflow on the built-in sample campaign
cmd-init = Create a new campaign folder from the sample
cmd-help = Print this message or the help of the given command

arg-help = Print help
arg-version = Print version
arg-lang = The language of messages and help, Vietnamese by default
arg-campaign = The campaign folder (holding `campaign.json`)

arg-render-template = The Word template (.docx) with Tera tags
arg-render-data = The data: a JSON object; with --each, optional fields shared by every row
arg-render-output = The document to write; with --each, the folder to write into
arg-render-each = Mail merge: one document per row of this .xlsx (first sheet, first row names the fields) or .json (an array of objects)
arg-render-name = With --each: the file name of each document, a Tera pattern over the row's fields (default: the template's name and the row number)
arg-render-lenient = A variable the data lacks renders empty, with a warning, instead of failing
arg-render-overwrite = With --each: replace documents already in the output folder (by default a row whose document exists is refused, so nothing is lost)

arg-check-template = The Word template (.docx) with Tera tags
arg-check-data = JSON data to check the template's variables against

arg-plan-output = Where to write the plan (default: CAMPAIGN/out/ke-hoach.docx)

arg-forms-out = Folder for the forms (default `CAMPAIGN/out/bieu-mau/`)

arg-nhan-files = The returned files (spreadsheets; above a district, its tong-hop.xlsx or tong-hop.json), or folders of them
arg-merge-out = The merged workbook (default `CAMPAIGN/out/tong-hop.xlsx`)
arg-merge-json = The merged data for the report (default: next to the workbook, `.json`)

arg-report-output = Where to write the report (default: CAMPAIGN/out/bao-cao.docx)
arg-report-pdf = Also write the PDF beside it, through LibreOffice (must be installed)
arg-report-strict = Refuse to write the report while the merge has errors

arg-demo-output = The folder to write into: new, empty, or a previous demo's

arg-init-dir = The folder to create (it must not exist, or be empty)

arg-max-unpacked-mb = Largest size a file (.docx, .xlsx, .ods) may unpack to, in MB [default: 512]
arg-max-zip-entries = Most entries a file may hold [default: 10000]
arg-max-ratio = Largest compression ratio of an entry over 1 MB [default: 200]
arg-max-xml-depth = Deepest XML nesting accepted [default: 256]
arg-max-cells = Most cells one sheet may hold [default: 5000000]
arg-max-rows = Most rows in a mail merge [default: 100000]
arg-max-output-mb = Largest document written, in MB [default: 256]
arg-max-data-values = Most values (numbers, texts, list items) a JSON data file may hold [default: 2000000]
arg-max-loop-iterations = Most loop iterations a template may run for one document [default: 5000000]

# issue 13 (van-ban)
cmd-van-ban = Write any official document (công văn, quyết định, thông báo, giấy mời, tờ trình…) from its source text; --mau starts a new source
arg-van-ban-file = The document's source (a header of `key: value` lines, a `---` line, the body)
arg-van-ban-output = Where to write the document (default: FILE with .docx)
arg-van-ban-pdf = Also write the PDF beside it, through LibreOffice (must be installed)
arg-van-ban-mau = Start a new source of this type instead (cong-van, quyet-dinh, ke-hoach, bao-cao, thong-bao, to-trinh, giay-moi, bien-ban, chi-thi, huong-dan, nghi-quyet, chuong-trinh…); an existing file is never replaced
value-van-ban-output = OUT.docx
value-van-ban-mau = TYPE
value-file = FILE
# issue 16 (hardening)
arg-max-memory-mb = Most memory a command may hold while it fills templates, in MB [default: 1024]

# issue 15 (engine)
arg-render-one-document = With --each: write every row into the one document -o names, each row starting on a new page, instead of one document per row
arg-render-pdf = Also write the PDF beside each document, through LibreOffice (must be installed)

# issue 14 (the web desk)
cmd-serve = Open the clerk's desk: a local web page for the campaigns of a folder
arg-serve-folder = The folder whose campaigns to serve (default: the current folder)
arg-serve-port = The port to listen on
arg-serve-no-browser = Do not open the browser
arg-serve-lan = Serve to the office's network too (the clerk's pages then need a password)
arg-serve-address = Listen on this address instead of 127.0.0.1 (the clerk's pages then need a password)
value-serve-address = ADDRESS
value-serve-folder = FOLDER
value-serve-port = PORT
