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
