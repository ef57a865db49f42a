// Type-ahead for the CPV codes of the profile form. Progressive
// enhancement only: without this file people type or paste codes into the
// text area and use the /cpv search page.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-cpv-picker]").forEach(setup);
  });

  function setup(box) {
    var area = box.querySelector("textarea");
    if (!area || !window.fetch) {
      return;
    }
    var id = area.id + "-typeahead";
    var wrap = document.createElement("div");
    wrap.className = "field";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = box.getAttribute("data-label-search") || "";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("list", id + "-list");
    var list = document.createElement("datalist");
    list.id = id + "-list";
    var add = document.createElement("button");
    add.type = "button";
    add.className = "button button-small button-secondary";
    add.textContent = box.getAttribute("data-label-add") || "+";
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("role", "status");
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(add);
    wrap.appendChild(status);
    var field = area.closest(".field") || area;
    field.parentNode.insertBefore(wrap, field.nextSibling);

    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault(); // do not submit the whole profile form
        addCode();
      }
    });
    add.addEventListener("click", addCode);

    function suggest() {
      var q = input.value.trim();
      if (q.length < 2 || q === last || /^\d{8}-\d /.test(q)) {
        return;
      }
      last = q;
      fetch("/cpv.json?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          while (list.firstChild) {
            list.removeChild(list.firstChild);
          }
          items.forEach(function (it) {
            var o = document.createElement("option");
            o.value = it.code + " " + it.label;
            list.appendChild(o);
          });
          status.textContent = items.length ? "" : (box.getAttribute("data-label-none") || "");
        })
        .catch(function () { /* the text area still works */ });
    }

    function addCode() {
      var v = input.value.trim();
      var m = /^(\d{8}(-\d)?)/.exec(v);
      if (!m) {
        return;
      }
      var lines = area.value.split(/\r?\n/);
      var present = lines.some(function (l) { return l.trim().indexOf(m[1]) === 0; });
      if (!present) {
        area.value = (area.value.replace(/\s+$/, "") + "\n" + v).replace(/^\n/, "");
      }
      input.value = "";
      status.textContent = v;
      input.focus();
    }
  }
})();
