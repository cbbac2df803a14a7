/* Progress for long uploads (importing a large report): the form is sent with
   XMLHttpRequest so the page can show the upload percentage, then an indeterminate
   bar while the server extracts and stores the report. The server's answer is shown
   as if the form had been submitted normally: a redirect is followed, an error page
   (the form with its messages) replaces this one. Without JavaScript the form posts
   as usual. */
(function () {
  "use strict";
  var form = document.querySelector('main form[enctype="multipart/form-data"]');
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var en = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var T = en
    ? { upload: "Uploading ", work: "Extracting and storing the report, please wait…", fail: "The upload failed: " }
    : { upload: "正在上传 ", work: "正在提取并入库，请稍候……", fail: "上传失败：" };

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var box = document.createElement("div");
    box.className = "upload-progress";
    box.setAttribute("role", "status");
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var text = document.createElement("span");
    box.appendChild(bar);
    box.appendChild(text);
    form.parentNode.insertBefore(box, form.nextSibling);
    var buttons = form.querySelectorAll("button, input[type=submit]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }

    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
        text.textContent = " " + T.upload + bar.value + "%";
      }
    };
    xhr.upload.onload = function () {
      bar.removeAttribute("value"); // indeterminate: the server is working
      text.textContent = " " + T.work;
    };
    xhr.onload = function () {
      var here = window.location.href.split("#")[0];
      if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== here) {
        window.location.assign(xhr.responseURL);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    };
    xhr.onerror = function () {
      text.textContent = " " + T.fail + (xhr.statusText || "network");
      for (var j = 0; j < buttons.length; j++) { buttons[j].disabled = false; }
    };
    xhr.send(new FormData(form));
  });
})();
