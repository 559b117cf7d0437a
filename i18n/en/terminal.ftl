## The lines the commands print as they run. Keys start with `say-`; a test checks
## that each is used by the code and that the code uses no `say-` key these files lack.

say-interrupted = interrupted: stopped after the last whole file

## vanban plan, forms, init
say-plan-wrote = wrote { $file } (plan { $symbol }, { $template ->
        [builtin] built-in template
       *[other] template: { $template }
    })
say-forms-wrote = wrote { $count } { $count ->
        [one] form
       *[other] forms
    } to { $folder }
say-init-created = created { $dir }: campaign.json, ke-hoach.txt, bao-cao.txt, returns/, templates/mau/
say-init-next = next: edit campaign.json (issuer, signer, plan, units, indicators) and ke-hoach.txt, then run `vanban plan { $dir }`
say-init-restyle = to restyle the plan, open templates/mau/ke-hoach.docx in Word and save it as templates/ke-hoach.docx
say-init-exists = `{ $dir }` already exists and is not an empty folder; choose a new folder name

## vanban merge
say-progress-files = files
say-merge-rejected = rejected { $file }

## vanban report
say-report-reporting = { $reported }/{ $units } units reported
say-report-wrote = wrote { $file } (Báo cáo số { $symbol })
say-report-list = { $kind ->
        [not_reported] not reported
        [rejected] returns rejected
       *[late] sent late
    }: { $names }{ $more ->
        [0] {""}
       *[other] {" "}and { $more } more
    }
say-report-left-out = the total of "{ $indicator }" leaves out the figures that are not valid of: { $units } (the report says so)
say-report-problems = the merge found { $errors } error(s) and { $warnings } warning(s):
say-report-more = … and { $more } more (all in out/tong-hop.xlsx, sheet "Lỗi và cảnh báo")
say-pdf-wrote = wrote { $file }
# issue 16 (hardening)
say-pdf-removed = removed { $file }: that PDF was made from an earlier report and does not match the new one (run again with --pdf for a new PDF)
say-pdf-no-libreoffice = the report was written to `{ $file }`, but no PDF: LibreOffice is not installed.
    {"  "}Windows/macOS: install it from https://www.libreoffice.org/download/ and run again;
    {"  "}Debian/Ubuntu: `sudo apt install libreoffice-writer`.
    {"  "}Or open the .docx in Word and use File › Save As › PDF.
say-pdf-failed = LibreOffice could not convert `{ $file }` to PDF: { $reason }

## vanban demo
say-demo-title = vanban demo: the sample campaign, in { $dir }
say-demo-campaign = {"  "}campaign  { $file }  (a copy of the sample, with its body texts ke-hoach.txt and bao-cao.txt)
say-demo-plan = {"  "}plan      { $file }
say-demo-forms = {"  "}forms     { $folder }  ({ $count } forms, one per unit)
say-demo-returns = {"  "}returns   { $folder }  ({ $count } files as units send them)
say-demo-scenario = {"              "}{ $kind ->
        [late] late
        [duplicate] sent twice
        [numbers_as_text] numbers typed as text
        [tcvn3] a TCVN3 sheet
        [typo] a typo
        [blank] a blank form
        [check] figures that do not agree
       *[missing] never sent
    }: { $units }
say-demo-merge = {"  "}merge     { $xlsx }, { $json }
say-demo-report = {"  "}report    { $file }
say-demo-done = done in { $seconds } s. Open { $file } in Word. To redo a step after editing the campaign: `vanban plan { $dir }`, `vanban merge { $dir }`, `vanban report { $dir } --pdf`.
say-demo-marker = Made by `vanban demo`. Running `vanban demo` again replaces out/ and returns/ here.
say-demo-not-folder = `{ $dir }` exists and is not a folder; choose another with `-o DIR`
say-demo-not-empty = `{ $dir }` is not empty and was not made by `vanban demo`: refusing to write into it; choose another folder with `-o DIR`
say-demo-cannot = cannot { $what ->
        [read] read
        [clear] clear
       *[date] set the date of
    } `{ $file }`: { $reason }

## vanban render
say-render-wrote = wrote { $written } { $written ->
        [one] document
       *[other] documents
    } to { $dir }; rejected { $rejected } { $rejected ->
        [one] row
       *[other] rows
    }
say-render-wrote-one = wrote { $file }
say-render-name-needs-each = --name only makes sense with --each (one document per row)
say-render-needs-data = give the data file: `vanban render TEMPLATE.docx DATA.json -o OUT.docx` (or --each ROWS for one document per row)
say-render-not-json = `{ $file }` is not valid JSON (line { $line }, column { $column }); check the commas, brackets and quotes there
say-render-output-is-folder = `{ $file }` is a folder: give -o a file name such as `{ $example }`
say-render-each-output-is-file = with --each, -o names a folder, but `{ $file }` is a file
say-render-shared-not-object = `{ $file }`: the shared data must be a JSON object {"{"} … {"}"}
say-render-rows = cannot read the rows of `{ $file }`: { $reason }
say-progress-documents = documents

## vanban check
say-check-tags = { $file }: { $count } { $count ->
        [one] tag
       *[other] tags
    }
say-check-tag = {"  "}{ $place } [{ $level ->
        [paragraph] paragraph { $kind }
        [cell] cell { $kind }
        [row] row { $kind }
        [run] run { $kind }
       *[other] { $kind }
    }] { $text }
say-check-missing-header = variables the template uses that `{ $file }` does not have:
say-check-missing = {"  "}`{ $name }`{ $places ->
        [none] {""}
       *[other] {" "}(used at { $places })
    }
say-check-summary = { $problems } { $problems ->
        [one] problem
       *[other] problems
    }, { $missing } missing { $missing ->
        [one] variable
       *[other] variables
    }
say-render-too-many-values = the data file `{ $file }` holds more than { $limit } values

# issue 13 (van-ban)
say-van-ban-wrote = wrote { $file }{ $number ->
        [none] {""}
       *[other] {" "}({ $number })
    }
say-van-ban-unknown-type = no document type `{ $type }`; the types are: { $known }
say-van-ban-exists = `{ $file }` exists already and is never replaced; choose another file name
say-van-ban-started = created { $file } (type { $type }): edit its lines, then run `vanban van-ban { $file }`

# issue 15 (engine)
say-render-wrote-together = wrote { $file }; rejected { $rejected } { $rejected ->
        [one] row
       *[other] rows
    }
say-render-one-document-needs-each = --one-document only makes sense with --each (every row into one document)
say-render-one-document-no-name = --name names one document per row; with --one-document, -o names the one document
say-render-pdf-no-libreoffice = the document was written to `{ $file }`, but no PDF: LibreOffice is not installed.
    {"  "}Windows/macOS: install it from https://www.libreoffice.org/download/ and run again;
    {"  "}Debian/Ubuntu: `sudo apt install libreoffice-writer`.
    {"  "}Or open the .docx in Word and use File › Save As › PDF.
say-render-picture-outside = the picture `{ $image }` is outside the data file's folder (`{ $folder }`); pictures are read only from that folder and its sub-folders. Copy it there and give a relative path, e.g. `images/seal.png`
say-render-subdoc-outside = the Word file `{ $subdoc }` is outside the data file's folder (`{ $folder }`); sub-documents are read only from that folder and its sub-folders. Copy it there and give a relative path, e.g. `phu-luc/danh-sach.docx`
