// Search enhancements; every page works without this file.
//  1. The header's search box (input[data-suggest]) becomes an ARIA 1.2
//     combobox with a list of suggestions from GET /soeg/forslag.
//  2. On /soeg, changing a filter submits the form at once, and after the
//     new page loads the focus returns to the control that was changed and
//     the number of results is announced.
(function () {
  "use strict";

  var texts = {
    da: { list: "Forslag", count: "{n} forslag. Brug pil op og ned for at vælge.", one: "1 forslag. Brug pil ned for at vælge.", none: "Ingen forslag" },
    en: { list: "Suggestions", count: "{n} suggestions. Use the up and down arrows to choose.", one: "1 suggestion. Use the down arrow to choose.", none: "No suggestions" }
  };
  function tr() { return document.documentElement.lang === "en" ? texts.en : texts.da; }

  var minChars = 2;
  var delay = 150;

  function combobox(input) {
    var endpoint = input.getAttribute("data-suggest");
    var form = input.form;
    if (!endpoint || !form) {
      return;
    }
    var t = tr();
    var list = document.createElement("ul");
    list.id = input.id + "-listbox";
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t.list);
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.classList.add("has-suggest");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var items = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastQuery = null;

    function expanded(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) {
        setActive(-1);
      }
    }

    function setActive(i) {
      var opts = list.children;
      for (var k = 0; k < opts.length; k++) {
        opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
        opts[k].classList.toggle("is-active", k === i);
      }
      active = i;
      if (i >= 0 && opts[i]) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        if (opts[i].scrollIntoView) {
          opts[i].scrollIntoView({ block: "nearest" });
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function follow(i) {
      var it = items[i];
      if (it && typeof it.url === "string" && it.url.charAt(0) === "/" && it.url.charAt(1) !== "/") {
        window.location.assign(it.url);
      }
    }

    function render(data, query) {
      list.textContent = "";
      items = (data && data.items) || [];
      items.forEach(function (it, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "suggest-option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var title = document.createElement("span");
        title.className = "suggest-title";
        title.textContent = it.title;
        li.appendChild(title);
        if (it.label) {
          var label = document.createElement("span");
          label.className = "suggest-label";
          label.textContent = it.label;
          li.appendChild(document.createTextNode(" "));
          li.appendChild(label);
        }
        // Keep the focus in the input while the pointer picks an option.
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { follow(i); });
        list.appendChild(li);
      });
      expanded(items.length > 0);
      if (items.length === 1) {
        status.textContent = t.one;
      } else if (items.length > 1) {
        status.textContent = t.count.replace("{n}", String(items.length));
      } else {
        status.textContent = query ? t.none : "";
      }
    }

    function load() {
      var q = input.value.trim();
      if (q === lastQuery) {
        expanded(items.length > 0);
        return;
      }
      lastQuery = q;
      if (pending) {
        pending.abort();
        pending = null;
      }
      if (q.length < minChars) {
        render({ items: [] }, "");
        return;
      }
      pending = new AbortController();
      fetch(endpoint + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal
      }).then(function (r) {
        return r.ok ? r.json() : { items: [] };
      }).then(function (data) {
        if (input.value.trim() === q) {
          render(data, q);
        }
      }).catch(function () { /* aborted or offline: keep the plain form */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, delay);
    });

    input.addEventListener("keydown", function (e) {
      var open = !list.hidden;
      switch (e.key) {
        case "ArrowDown":
          e.preventDefault();
          if (!open) {
            if (items.length) {
              expanded(true);
            } else {
              lastQuery = null;
              load();
            }
            return;
          }
          setActive(active + 1 >= items.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          if (open) {
            e.preventDefault();
            setActive(active <= 0 ? items.length - 1 : active - 1);
          }
          break;
        case "Enter":
          if (open && active >= 0) {
            e.preventDefault();
            follow(active);
          }
          // Otherwise the form is sent: a full search for what was typed.
          break;
        case "Escape":
          if (open) {
            e.preventDefault();
            expanded(false);
          } else if (input.value !== "") {
            e.preventDefault();
            input.value = "";
            lastQuery = null;
            items = [];
          }
          break;
        case "Tab":
          expanded(false);
          break;
      }
    });

    input.addEventListener("blur", function () {
      setTimeout(function () { expanded(false); }, 150);
    });
  }

  // Auto-submit of the filters on /soeg, with the focus put back.
  var focusKey = "samspil.search.focus";

  function autosubmit(form) {
    var note = form.querySelector(".search-autosubmit-note");
    if (note) {
      note.hidden = false;
    }
    form.addEventListener("change", function (e) {
      var el = e.target;
      if (!el || !el.hasAttribute || !el.hasAttribute("data-autosubmit")) {
        return;
      }
      try {
        sessionStorage.setItem(focusKey, JSON.stringify({ name: el.name, value: el.type === "checkbox" ? el.value : null }));
      } catch (err) { /* storage off: the focus simply starts at the top */ }
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });

    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(focusKey) || "null");
      sessionStorage.removeItem(focusKey);
    } catch (err) {
      saved = null;
    }
    if (!saved) {
      return;
    }
    var target = null;
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      if (els[i].name === saved.name && (saved.value === null || els[i].value === saved.value)) {
        target = els[i];
        break;
      }
    }
    if (target) {
      var details = target.closest("details");
      if (details) {
        details.open = true;
      }
      target.focus();
    }
    var heading = document.getElementById("results-title");
    var live = document.getElementById("search-announce");
    if (heading && live) {
      setTimeout(function () { live.textContent = heading.textContent.trim(); }, 300);
    }
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) {
      combobox(inputs[i]);
    }
    var form = document.getElementById("search-form");
    if (form) {
      autosubmit(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
