// The desk's only script: the drop zone (drag files in, see the upload's
// progress, the results shown in place) and a busy state on slow buttons. The
// pages work without it: the forms post as plain HTML forms.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var b = form.querySelector("button[type=submit]");
      if (b) { b.disabled = true; b.textContent = form.getAttribute("data-busy"); }
    });
  });
  var form = document.getElementById("nhan");
  var zone = document.getElementById("vung-tha");
  var input = document.getElementById("chon-tep");
  if (!form || !zone || !input) { return; }
  var bar = document.getElementById("tien-do");
  var results = document.getElementById("ket-qua");
  zone.addEventListener("click", function (e) { if (e.target !== input) { input.click(); } });
  ["dragenter", "dragover"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) { send(e.dataTransfer.files); }
  });
  form.addEventListener("submit", function (e) {
    if (!window.FormData || !input.files.length) { return; }
    e.preventDefault();
    send(input.files);
  });
  function send(files) {
    var data = new FormData();
    for (var i = 0; i < files.length; i++) { data.append("tep", files[i], files[i].name); }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false; bar.value = 0;
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); } };
    xhr.onload = function () {
      bar.hidden = true;
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var fresh = doc.getElementById("ket-qua");
      results.innerHTML = fresh ? fresh.innerHTML : "<p class=\"problem error\">Máy chủ trả lời không như mong đợi (mã " + xhr.status + ").</p>";
      input.value = "";
    };
    xhr.onerror = function () {
      bar.hidden = true;
      results.innerHTML = "<p class=\"problem error\">Không gửi được: mất kết nối tới máy chạy vanban. Hãy kiểm tra rồi gửi lại.</p>";
    };
    xhr.send(data);
  }
});
