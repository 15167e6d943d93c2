/* Offline entry (docs/adr/0010-offline-entry.md), on every page of a signed-in user; its settings and words come
   from the page (#offline-config, core/offline.py).
   - Registers the service worker (/sw.js, scope /data/) for those who enter figures; it keeps the worklist and the
     grids so they open offline.
   - On a grid, a cell saved while offline (or when the server cannot be reached) goes into IndexedDB (database
     "bdg-offline", store "edits", one record a cell and user) with the version the edit started from, and the cell
     says it waits. A second edit of the same cell replaces the first and keeps its version. Closing the tab or
     the browser keeps the queue.
   - Online again (the "online" event, opening a page, a retry with backoff), the user's edits are sent to
     /data/sync/ in batches of at most 200. Each answer is per edit: saved (the record goes), refused (the message
     shows on its cell), conflict (the cell shows both values, the officer chooses). A batch whose answer is lost
     is sent again; the server recognises the values it already saved, so nothing is written twice.
   - The status line ([data-offline-status]) says online or offline, how many edits wait, when the last sync was,
     and the progress of a sync.
   - Signing out deletes the user's kept pages and edits (asking first when edits wait); any page deletes the pages
     kept for another user. Edits of another user stay in the queue, unread, until that user signs in again. */
(function () {
  "use strict";
  var holder = document.getElementById("offline-config");
  if (!holder) return;
  var config = JSON.parse(holder.textContent);
  var words = config.messages;
  var user = String(config.user);
  var PAGES = "bdg-pages-";
  var BATCH = 200;
  var BACKOFF = [5, 15, 30, 60, 120];
  var failures = 0;
  var retryTimer = null;
  var unreachable = false;
  var syncing = false;

  function say(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, name) {
      return values && name in values ? String(values[name]) : "";
    });
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function when(stamp) {
    var d = new Date(stamp);
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  // --- IndexedDB ----------------------------------------------------------------------------------------------------

  var dbPromise = null;

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) return reject(new Error("no IndexedDB"));
        var open = indexedDB.open("bdg-offline", 1);
        open.onupgradeneeded = function () {
          var edits = open.result.createObjectStore("edits", { keyPath: "key" });
          edits.createIndex("user", "user");
          open.result.createObjectStore("meta", { keyPath: "key" });
        };
        open.onsuccess = function () {
          resolve(open.result);
        };
        open.onerror = function () {
          reject(open.error);
        };
      });
    }
    return dbPromise;
  }

  function request(store, mode, work) {
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var tx = base.transaction(store, mode);
        var result;
        var req = work(tx.objectStore(store));
        if (req) {
          req.onsuccess = function () {
            result = req.result;
          };
        }
        tx.oncomplete = function () {
          resolve(result);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error);
        };
      });
    });
  }

  // The figures of an edit (what was typed, the comment, the server's answer) are sealed with AES-GCM under a key
  // the server derives for the user (config.key) and gives only to that user's pages: another user of the same
  // browser cannot read them, and the user finds them again at the next sign-in. Without WebCrypto (plain HTTP),
  // they are stored as they are.
  var SECRET = ["value", "comment", "message", "server"];
  var keyPromise = null;

  function toBase64(bytes) {
    var text = "";
    new Uint8Array(bytes).forEach(function (b) {
      text += String.fromCharCode(b);
    });
    return btoa(text);
  }

  function fromBase64(text) {
    return Uint8Array.from(atob(text), function (c) {
      return c.charCodeAt(0);
    });
  }

  function cryptoKey() {
    if (!keyPromise) {
      var subtle = window.crypto && window.crypto.subtle;
      keyPromise =
        subtle && config.key
          ? subtle.importKey("raw", fromBase64(config.key), "AES-GCM", false, ["encrypt", "decrypt"]).catch(function () {
              return null;
            })
          : Promise.resolve(null);
    }
    return keyPromise;
  }

  function seal(record) {
    return cryptoKey().then(function (key) {
      if (!key) return record;
      var hidden = {};
      var out = {};
      Object.keys(record).forEach(function (name) {
        (SECRET.indexOf(name) >= 0 ? hidden : out)[name] = record[name];
      });
      var iv = crypto.getRandomValues(new Uint8Array(12));
      var plain = new TextEncoder().encode(JSON.stringify(hidden));
      return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, key, plain).then(function (data) {
        out.sealed = { iv: toBase64(iv), data: toBase64(data) };
        return out;
      });
    });
  }

  function unseal(row) {
    if (!row || !row.sealed) return Promise.resolve(row);
    return cryptoKey().then(function (key) {
      if (!key) return null;
      var sealed = row.sealed;
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(sealed.iv) }, key, fromBase64(sealed.data)).then(
        function (plain) {
          var out = Object.assign({}, row, JSON.parse(new TextDecoder().decode(plain)));
          delete out.sealed;
          return out;
        },
        function () {
          return null; // sealed under another key (the server's secret changed): left as it is, unread
        }
      );
    });
  }

  function rawMine() {
    return request("edits", "readonly", function (store) {
      return store.index("user").getAll(user);
    }).then(function (rows) {
      return rows || [];
    });
  }

  function myEdits() {
    return rawMine()
      .then(function (rows) {
        return Promise.all(rows.map(unseal));
      })
      .then(function (rows) {
        return rows.filter(Boolean);
      });
  }

  function getEdit(key) {
    return request("edits", "readonly", function (store) {
      return store.get(key);
    }).then(unseal);
  }

  function putEdit(record) {
    return seal(record).then(function (row) {
      return request("edits", "readwrite", function (store) {
        return store.put(row);
      });
    });
  }

  function dropEdit(key) {
    return request("edits", "readwrite", function (store) {
      return store.delete(key);
    });
  }

  function forgetMine() {
    return rawMine().then(function (rows) {
      return request("edits", "readwrite", function (store) {
        rows.forEach(function (row) {
          store.delete(row.key);
        });
      });
    });
  }

  function meta(name, value) {
    var key = name + "-" + user;
    if (value === undefined) {
      return request("meta", "readonly", function (store) {
        return store.get(key);
      }).then(function (row) {
        return row ? row.value : null;
      });
    }
    return request("meta", "readwrite", function (store) {
      return store.put({ key: key, value: value });
    });
  }

  // --- kept pages ---------------------------------------------------------------------------------------------------

  function dropPages(keepMine) {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            var mine = name.indexOf(PAGES + user + "-") === 0;
            return name.indexOf(PAGES) === 0 && (keepMine ? !mine : mine);
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
    });
  }

  // --- the cells of the grid ----------------------------------------------------------------------------------------

  function field(td, name) {
    var input = td.querySelector('input[name="' + name + '"]');
    return input ? input.value : "";
  }

  function keyOf(td) {
    return [user, field(td, "indicator"), field(td, "part"), field(td, "unit"), field(td, "year"), field(td, "sex"), field(td, "option")].join("|");
  }

  function gridOf(td) {
    var table = td.closest("table");
    try {
      return JSON.parse((table && table.getAttribute("hx-vals")) || "{}").grid || "";
    } catch (error) {
      return "";
    }
  }

  function cells() {
    var found = {};
    document.querySelectorAll("td.cell").forEach(function (td) {
      if (td.querySelector('input[name="indicator"]')) found[keyOf(td)] = td;
    });
    return found;
  }

  function note(td, text, level) {
    var old = td.querySelector(".cell-msg");
    if (old) old.remove();
    td.classList.remove("ok", "error", "warning", "pending", "conflict");
    if (level) td.classList.add(level);
    var input = td.querySelector('input[name="value"]');
    if (input) input.removeAttribute("aria-invalid");
    if (!text) return;
    var p = document.createElement("p");
    p.className = "cell-msg " + level;
    p.setAttribute("role", level === "pending" ? "status" : "alert");
    p.textContent = text;
    td.appendChild(p);
    if (input && (level === "error" || level === "conflict")) input.setAttribute("aria-invalid", "true");
  }

  function showOn(td, record) {
    var input = td.querySelector('input[name="value"]');
    if (input) input.value = record.value;
    if (record.state === "pending") note(td, words.queued, "pending");
    else note(td, record.message || "", record.state === "conflict" ? "conflict" : "error");
  }

  function swapIn(td, html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.firstElementChild;
    if (!fresh) return;
    td.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
  }

  function queue(td) {
    var key = keyOf(td);
    return getEdit(key).then(function (before) {
      var comment = td.querySelector('input[name="comment"]');
      var input = td.querySelector('input[name="value"]');
      var record = {
        key: key,
        user: user,
        indicator: field(td, "indicator"),
        part: field(td, "part"),
        unit: Number(field(td, "unit")),
        year: Number(field(td, "year")),
        sex: field(td, "sex"),
        option: field(td, "option"),
        value: field(td, "value").trim(),
        comment: comment ? comment.value : "",
        version: before && before.state === "pending" ? before.version : Number(field(td, "version") || 0),
        grid: gridOf(td),
        page: location.pathname + location.search,
        label: (input && input.getAttribute("aria-label")) || "", // the cell as its grid names it: part, sex, option
        typed: Date.now(),
        state: "pending",
        message: "",
      };
      return putEdit(record).then(function () {
        note(td, words.queued, "pending");
        return status();
      });
    });
  }

  // --- the status line ----------------------------------------------------------------------------------------------

  var progress = "";

  function status() {
    var line = document.querySelector("[data-offline-status]");
    if (!line) return Promise.resolve();
    return Promise.all([myEdits(), meta("synced")]).then(function (found) {
      var rows = found[0];
      var synced = found[1];
      var waiting = rows.filter(function (r) {
        return r.state === "pending";
      });
      var attention = rows.filter(function (r) {
        return r.state !== "pending";
      });
      var online = navigator.onLine && !unreachable;
      line.hidden = false;
      line.classList.toggle("is-offline", !online);
      line.querySelector("[data-net]").textContent = online ? words.online : words.offline;
      line.querySelector("[data-pending]").textContent = waiting.length ? say(words.pending, { n: waiting.length }) : words.nothingPending;
      line.querySelector("[data-pending]").classList.toggle("has-pending", waiting.length > 0);
      line.querySelector("[data-last]").textContent = synced ? say(words.lastSync, { at: when(synced) }) : words.neverSynced;
      line.querySelector("[data-progress]").textContent = progress;
      var list = line.querySelector("[data-attention]");
      list.textContent = "";
      if (attention.length) {
        var head = document.createElement("li");
        head.textContent = say(words.attention, { n: attention.length });
        list.appendChild(head);
        attention.slice(0, 10).forEach(function (r) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = r.page || "/data/" + encodeURIComponent(r.indicator) + "/" + r.year + "/?unit=" + r.unit;
          a.textContent = [r.indicator, r.year, r.label].filter(Boolean).join(" · ") + ": " + (r.message || "");
          li.appendChild(a);
          list.appendChild(li);
        });
      }
      list.hidden = !attention.length;
    });
  }

  // forms that post a whole page (submit, approve, upload) cannot work offline: their buttons wait for the network
  function formsFollowNetwork() {
    var offline = !navigator.onLine;
    document.querySelectorAll("main form[method=post] button, main form[method=post] [type=submit]").forEach(function (button) {
      if (offline && !button.disabled) {
        button.disabled = true;
        button.dataset.offlineDisabled = "1";
        button.title = words.needsNetwork;
      } else if (!offline && button.dataset.offlineDisabled) {
        button.disabled = false;
        delete button.dataset.offlineDisabled;
        button.removeAttribute("title");
      }
    });
  }

  // --- the sync -----------------------------------------------------------------------------------------------------

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function retryLater() {
    failures += 1;
    var wait = BACKOFF[Math.min(failures - 1, BACKOFF.length - 1)];
    progress = say(words.retry, { at: when(Date.now() + wait * 1000) });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(sync, wait * 1000);
  }

  function sendBatch(batch, onPage) {
    var body = {
      edits: batch.map(function (r) {
        return {
          id: r.key,
          indicator: r.indicator,
          part: r.part,
          unit: r.unit,
          year: r.year,
          sex: r.sex,
          option: r.option,
          value: r.value,
          comment: r.comment,
          version: r.version,
          grid: r.grid,
          render: r.key in onPage,
        };
      }),
    };
    return fetch(config.sync, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.redirected || response.status === 403 || !json) {
        var error = new Error("signed out");
        error.session = true;
        throw error;
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function refreshSummaries() {
    // the results and statuses of the rows and the grid, or the worklist, from the page as it now is (the worker
    // keeps it too); the cells are left as the sync answered them
    return fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("td.row-result[id], #result, #grid-statuses, #worklist").forEach(function (old) {
          var found = fresh.getElementById(old.id);
          if (found) old.replaceWith(document.importNode(found, true));
        });
      })
      .catch(function () {});
  }

  function settle(batch, answer, onPage) {
    var byKey = {};
    batch.forEach(function (r) {
      byKey[r.key] = r;
    });
    var work = (answer.results || []).map(function (result) {
      var record = byKey[result.id];
      if (!record) return Promise.resolve();
      var td = onPage[record.key];
      if (td && result.html) swapIn(td, result.html);
      if (result.status === "saved") {
        outcome.saved += 1;
        if (td) outcome.onPage += 1;
        return dropEdit(record.key);
      }
      record.state = result.status === "conflict" ? "conflict" : "refused";
      record.message = result.message || "";
      record.field = result.field || "";
      record.server = result.server || null;
      if (td && !result.html) showOn(td, record);
      return putEdit(record);
    });
    return Promise.all(work);
  }

  // counted until a sync finishes: one that fails half-way and is tried again reports everything it saved
  var outcome = { saved: 0, onPage: 0 };

  function run() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    clearTimeout(retryTimer);
    var onPage = cells();
    return myEdits()
      .then(function (rows) {
        // what waits, and what needs attention on this page (sent again, so its cell is answered afresh)
        var todo = rows.filter(function (r) {
          return r.state === "pending" || r.key in onPage;
        });
        todo.sort(function (a, b) {
          return a.typed - b.typed;
        });
        if (!todo.length) return null;
        var done = 0;
        var step = function () {
          if (done >= todo.length) return null;
          var batch = todo.slice(done, done + BATCH);
          progress = say(words.sending, { done: done, total: todo.length });
          status();
          return sendBatch(batch, onPage)
            .then(function (answer) {
              return settle(batch, answer, onPage);
            })
            .then(function () {
              done += batch.length;
              return step();
            });
        };
        return step().then(function () {
          failures = 0;
          unreachable = false;
          var finished = outcome;
          outcome = { saved: 0, onPage: 0 };
          progress = finished.saved ? say(words.sent, { n: finished.saved }) : "";
          // the grid's results when its cells were answered; the worklist's figures and statuses when anything saved
          var stale = finished.onPage || (finished.saved && document.getElementById("worklist"));
          return Promise.all([meta("synced", Date.now()), stale ? refreshSummaries() : null]);
        });
      })
      .catch(function (error) {
        if (error && error.session) {
          progress = words.signedOut;
        } else {
          unreachable = true;
          retryLater();
        }
      })
      .then(function () {
        syncing = false;
        return status();
      });
  }

  function sync() {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("bdg-offline-sync", run);
    }
    return run();
  }

  // --- keeping pages for offline use --------------------------------------------------------------------------------

  function keepPages() {
    if (!("serviceWorker" in navigator)) {
      // not a secure context (plain HTTP on an intranet): edits are still queued, pages cannot be kept
      var why = document.querySelector("[data-offline-status] [data-kept]");
      if (why) why.textContent = words.insecure;
      return;
    }
    if (!navigator.onLine) return;
    var urls = [location.href];
    document.querySelectorAll("[data-offline-keep] a[href]").forEach(function (a) {
      if (urls.indexOf(a.href) < 0) urls.push(a.href);
    });
    var line = document.querySelector("[data-offline-status] [data-kept]");
    navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.active) return;
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (!line || urls.length < 2) return;
        var data = event.data || {};
        line.textContent =
          data.type === "done"
            ? say(words.kept, { n: Math.max(data.kept - 1, 0) })
            : say(words.keeping, { done: data.kept, total: data.total });
      };
      registration.active.postMessage({ type: "keep", urls: urls }, [channel.port2]);
    });
  }

  // --- wiring -------------------------------------------------------------------------------------------------------

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    var td = elt && elt.closest ? elt.closest("td.cell") : null;
    if (!td || !td.querySelector('input[name="indicator"]')) return;
    if (navigator.onLine && !unreachable) {
      // the answer replaces the cell: remember which cell it was, for htmx:afterRequest
      if (event.detail.xhr) event.detail.xhr.bdgCell = keyOf(td);
      return;
    }
    event.preventDefault();
    queue(td);
  });

  document.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail && event.detail.elt;
    var td = elt && elt.closest ? elt.closest("td.cell") : null;
    if (!td || !td.isConnected) return;
    unreachable = true;
    queue(td).then(function () {
      retryLater();
    });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail || {};
    var xhr = detail.xhr;
    if (!xhr || xhr.status !== 200 || !xhr.bdgCell) return;
    // a cell saved online: whatever waited for it is superseded
    unreachable = false;
    dropEdit(xhr.bdgCell).then(status);
  });

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest('[data-conflict-keep="server"]') : null;
    if (!button) return;
    var td = button.closest("td.cell");
    var choice = button.closest(".conflict-choice");
    if (!td || !choice) return;
    var input = td.querySelector('input[name="value"]');
    if (input) input.value = choice.dataset.server || "";
    dropEdit(keyOf(td)).then(function () {
      note(td, words.tookServer, "ok");
      return status();
    });
  });

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-logout") || form.dataset.cleared) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      myEdits()
        .catch(function () {
          return [];
        })
        .then(function (rows) {
          if (rows.length && !window.confirm(say(words.logoutConfirm, { n: rows.length }))) return;
          return Promise.all([forgetMine().catch(function () {}), dropPages(false)]).then(function () {
            form.dataset.cleared = "1";
            form.submit();
          });
        });
    },
    true
  );

  window.addEventListener("online", function () {
    unreachable = false;
    failures = 0;
    formsFollowNetwork();
    sync();
  });
  window.addEventListener("offline", function () {
    formsFollowNetwork();
    status();
  });
  formsFollowNetwork();

  dropPages(true); // pages kept for anyone else
  if (config.enter && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.worker, { scope: config.scope }).catch(function () {});
  }
  if (document.querySelector("[data-offline-status]")) {
    var onPage = cells();
    myEdits()
      .then(function (rows) {
        rows.forEach(function (record) {
          if (onPage[record.key]) showOn(onPage[record.key], record);
        });
      })
      .then(status)
      .then(function () {
        if (navigator.onLine) return sync();
      })
      .then(keepPages)
      .catch(function () {
        var line = document.querySelector("[data-offline-status]");
        if (line) {
          line.hidden = false;
          line.textContent = words.unsupported;
        }
      });
  }
})();
