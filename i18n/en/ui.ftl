## The words around every message: its kind, its location, its hints.

severity-error = error
severity-warning = warning
severity-internal = internal error

# The line that says where, and the lines under a message.
label-location = at
label-hint = hint
label-reason = caused by

# A location, part by part, joined by " › ".
location-file = file `{ $file }`
location-template = template `{ $file }`
location-sheet = sheet `{ $sheet }`
location-cell = cell { $cell }
location-line = line { $line }
location-line-column = line { $line }, column { $column }
location-field = field `{ $path }`
# One `[n]` of a field path, counted from 1 ($n).
location-item = { $list ->
    [top-level-item] item { $n }
    [units] unit { $n }
    [indicators] indicator { $n }
   *[other] item { $n } of `{ $list }`
}
# A part of a Word document as the engine names it (`body`, `header 1`).
location-part = { $kind ->
    [body] body
    [header] header { $n }
    [footer] footer { $n }
    [footnotes] footnotes
    [endnotes] endnotes
   *[other] part `{ $part }`
}
location-table-cell = table { $table }, row { $row }, cell { $cell }
location-paragraph = paragraph { $paragraph }
location-tag = tag `{ $tag }`

# Hints: what the user can do.
hint-raise-limit = if the file is genuine, raise the limit on { $what } with `{ $flag }`
hint-run-step = run `vanban { $command }`

# What each limit bounds (for hint-raise-limit).
limit-unpacked-size = the unpacked size of a file
limit-zip-entries = the entries in a file
limit-compression-ratio = the compression ratio of an entry in a file
limit-xml-depth = XML nesting depth
limit-cells-per-sheet = cells per sheet
limit-merge-rows = rows in a mail merge
limit-output-size = the size of a written file
limit-data-values = values in a JSON data file
limit-loop-iterations = loop iterations in one document
# issue 16 (hardening)
limit-memory = memory used while filling templates

# VANBAN_LANG names a language the tool does not have.
lang-env-unknown = VANBAN_LANG={ $value } is not an available language (vi, en); using Vietnamese

## What `vanban merge` (and the demo) print after the merge.

merge-summary = read { $files } { $files ->
        [one] file
       *[other] files
    }: { $accepted } accepted ({ $with_warnings } with warnings), { $rejected } rejected; { $missing } of { $units } units have not reported{ $blank ->
        [0] {""}
        [one] {" "}(1 sent back a blank form)
       *[other] {" "}({ $blank } sent back a blank form)
    }
merge-listed = { $errors } { $errors ->
        [one] error
       *[other] errors
    } and { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    } are listed in the sheet "Lỗi và cảnh báo"
merge-not-reported = not reported: { $units }
merge-wrote = wrote { $xlsx } and { $json }

## What `vanban nhan` prints, and `vanban merge` when given files.

merge-files-given = `vanban merge` reads every file in the campaign's returns folder and takes no file names ({ $files }): add returned files with `vanban nhan { $campaign } FILE…` first, then run `vanban merge { $campaign }`
receive-copied = received `{ $file }` from unit { $unit }: copied to `{ $path }`
receive-already = `{ $file }` from unit { $unit } was already received, as `{ $path }`: nothing copied
receive-skipped = skipped `{ $file }` (not a spreadsheet, a lock file or a folder)
receive-next = next: `vanban merge { $campaign }`

## The template engine's (Tera's) words on the "caused by" line, worded again.

engine-variable = the data has no `{ $name }`{ $available ->
    [none] {""}
   *[other] ; the names there are: { $available }
}
engine-field = the data has no field `{ $name }`{ $available ->
    [none] {""}
   *[other] ; the fields there are: { $available }
}
engine-filter = there is no filter `{ $name }` (check the spelling, e.g. `vn_number`, `vn_date`)
engine-function = there is no function `{ $name }`
engine-test = there is no test `{ $name }`
engine-end = the text ends with a tag still open: a `{"}}"}`, `{"%}"}` or a closing tag such as `{"{% endif %}"}`, `{"{% endfor %}"}` is missing
engine-found = found { $found } where { $expected } was expected
